import type { Image, ImageVersion, PruneItem } from './shapes.js';

/** Versions shown per image besides the notable ones: the newest few; the API has them all. */
const SHOWN_VERSIONS = 6;

/**
 * The newest few, plus any older version an operator must not overlook: latest, unpromoted, protected or in use (a
 * prune would keep it, or a VM depends on it). Newest first, as the API lists them.
 */
export function shownVersions(image: Image, prune: ReadonlyMap<string, PruneItem> | undefined): { shown: ImageVersion[]; hidden: number } {
  const all = image.versions ?? [];
  const notable = (v: ImageVersion) => v.name === image.latestVersion || v.lifecycle === 'unpromoted' || ['protected', 'in-use'].includes(prune?.get(v.name)?.reason ?? '');
  const shown = all.filter((v, i) => i < SHOWN_VERSIONS || notable(v));
  return { shown, hidden: all.length - shown.length };
}
