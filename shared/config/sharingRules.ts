import type { GallerySpec } from '../domain/catalog';
import type { Problem } from './Problem';

/** The part of the cross-field rules' input sharing looks at (catalogRules' RuleInput has this shape). */
export interface SharingRuleInput {
  gallery?: GallerySpec;
  images: { input: { name: string } }[];
}

function duplicates(ids: readonly string[], path: string, what: string): Problem[] {
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  ids.forEach((id, i) => {
    const first = seen.get(id.toLowerCase());
    if (first === undefined) seen.set(id.toLowerCase(), i);
    else problems.push({ path: `${path}[${i}]`, message: `duplicate ${what} ${id} (also ${path}[${first}])` });
  });
  return problems;
}

/**
 * Sharing names only what the app manages (its gallery and the catalog's definitions), each principal and group once,
 * and one of the two gallery-wide models: ARM shares a gallery either directly or to the community.
 */
export function checkSharing(input: SharingRuleInput): Problem[] {
  const sharing = input.gallery?.sharing;
  if (!sharing) return [];
  const problems: Problem[] = [];
  const images = new Set(input.images.map((i) => i.input.name.toLowerCase()));
  const readers = new Map<string, number>();
  sharing.readers.forEach((reader, i) => {
    const first = readers.get(reader.principalId);
    if (first === undefined) readers.set(reader.principalId, i);
    else problems.push({ path: `gallery.sharing.readers[${i}].principalId`, message: `duplicate reader ${reader.principalId} (also readers[${first}]; list its images once)` });
    reader.images.forEach((name, j) => {
      if (!images.has(name.toLowerCase())) {
        problems.push({
          path: `gallery.sharing.readers[${i}].images[${j}]`,
          message: `image ${JSON.stringify(name)} is not in the catalog: the app shares only the gallery and the definitions it manages`,
        });
      }
    });
    for (const p of duplicates(reader.images, `gallery.sharing.readers[${i}].images`, 'image')) problems.push(p);
  });
  if (sharing.direct) {
    const lists = [duplicates(sharing.direct.subscriptions, 'gallery.sharing.direct.subscriptions', 'subscription'), duplicates(sharing.direct.tenants, 'gallery.sharing.direct.tenants', 'tenant')];
    for (const p of lists.flat()) problems.push(p);
  }
  const sharesDirectly = sharing.direct !== undefined && (sharing.direct.subscriptions.length > 0 || sharing.direct.tenants.length > 0);
  if (sharesDirectly && sharing.community) {
    problems.push({
      path: 'gallery.sharing.community',
      message: 'a gallery is shared either directly (subscriptions, tenants) or to the community, not both: remove one of gallery.sharing.direct and gallery.sharing.community',
    });
  }
  return problems;
}
