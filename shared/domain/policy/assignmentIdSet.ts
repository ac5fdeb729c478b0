/**
 * The role assignment IDs seen so far, compared case-insensitively as ARM IDs are. An ID is kept as its lower-cased
 * parent path, shared by every assignment listed under the same scope, and its own lower-cased last segment: a scan
 * of a million assignments then holds a short name per assignment instead of a lower-cased copy of the whole ID.
 * Lower-casing never adds or removes a `/`, so the split gives the same answer as comparing whole lower-cased IDs.
 */
export interface AssignmentIdSet {
  /** Records the ID; false when an ID equal to it ignoring case was recorded before. */
  addFirst(id: string): boolean;
}

export function createAssignmentIdSet(): AssignmentIdSet {
  const parents = new Map<string, string>();
  const namesByParent = new Map<string, Set<string>>();
  return {
    addFirst(id) {
      const cut = id.lastIndexOf('/') + 1;
      // The parent keeps its trailing slash, so `x` and `/x` stay different IDs.
      const rawParent = id.slice(0, cut);
      let parent = parents.get(rawParent);
      if (parent === undefined) {
        parent = rawParent.toLowerCase();
        parents.set(rawParent, parent);
      }
      let names = namesByParent.get(parent);
      if (names === undefined) {
        names = new Set();
        namesByParent.set(parent, names);
      }
      const name = id.slice(cut).toLowerCase();
      if (names.has(name)) return false;
      names.add(name);
      return true;
    },
  };
}
