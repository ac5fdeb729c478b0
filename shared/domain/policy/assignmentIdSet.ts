/**
 * The role assignment IDs seen so far, compared case-insensitively as ARM IDs are. The set keeps the IDs it was given,
 * filed under a hash of their lower-cased name: the listed IDs stay alive through the scan anyway, so a million of
 * them cost the set its table and no string of its own, and nothing it keeps is copied by the young-generation
 * collector. Lower-cased copies are made only to compare two IDs whose hashes are equal.
 */
export interface AssignmentIdSet {
  /** Records the ID; false when an ID equal to it ignoring case was recorded before. */
  addFirst(id: string): boolean;
}

/** Hashes a string so that any two whose toLowerCase() is equal hash alike. */
export type CaseInsensitiveHash = (id: string) => number;

export function createAssignmentIdSet(hash: CaseInsensitiveHash = lowerCaseHash): AssignmentIdSet {
  const byHash = new Map<number, string | string[]>();
  return {
    addFirst(id) {
      const h = hash(id);
      const filed = byHash.get(h);
      if (filed === undefined) {
        byHash.set(h, id);
        return true;
      }
      const lower = id.toLowerCase();
      if (typeof filed === 'string') {
        if (filed.toLowerCase() === lower) return false;
        byHash.set(h, [filed, id]);
        return true;
      }
      for (const other of filed) if (other.toLowerCase() === lower) return false;
      filed.push(id);
      return true;
    },
  };
}

/**
 * FNV-1a over the lower-cased last segment (after the last `/`): an assignment's name, a GUID, tells IDs apart, and
 * hashing it alone skips the long scope every ID of a subscription shares. IDs equal ignoring case have last segments
 * equal ignoring case: lower-casing never makes or removes a `/`, and `/` is neither cased nor case-ignorable, so no
 * letter's lower case depends on what lies across it. ASCII letters are folded on the fly, without a lower-cased copy;
 * outside ASCII, lower-casing can change length or map to ASCII (the Kelvin sign becomes `k`), so such a segment is
 * hashed from its real toLowerCase(). Kept within 30 bits: small integers are Map keys V8 stores as they are.
 */
function lowerCaseHash(id: string): number {
  const start = id.lastIndexOf('/') + 1;
  let h = 0x811c9dc5;
  for (let i = start; i < id.length; i++) {
    let c = id.charCodeAt(i);
    if (c >= 0x80) return fnv(id.slice(start).toLowerCase());
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h & 0x3fffffff;
}

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}
