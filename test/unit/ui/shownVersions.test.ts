import { describe, expect, it } from 'vitest';
import type { Image, PruneItem } from '../../../ui/src/shapes';
import { shownVersions } from '../../../ui/src/versions';

/** Versions 1.0.0 … 1.0.<n-1>, newest first as the API lists them. */
function imageWith(count: number, overrides: Partial<Image> = {}): Image {
  const versions = Array.from({ length: count }, (_, i) => ({ name: `1.0.${count - 1 - i}`, lifecycle: 'active' }));
  return { name: 'img', latestVersion: versions[0]?.name ?? null, versions, ...overrides };
}

const kept = (entries: [string, string][]): ReadonlyMap<string, PruneItem> => new Map(entries.map(([version, reason]) => [version, { version, action: 'keep', reason }]));

describe('the versions an image card shows', () => {
  it.each([
    ['six or fewer: all', imageWith(4), undefined, ['1.0.3', '1.0.2', '1.0.1', '1.0.0'], 0],
    ['more: the newest six', imageWith(9), undefined, ['1.0.8', '1.0.7', '1.0.6', '1.0.5', '1.0.4', '1.0.3'], 3],
    ['an older version in use or protected stays', imageWith(9), kept([['1.0.1', 'in-use'], ['1.0.0', 'protected'], ['1.0.2', 'age']]), ['1.0.8', '1.0.7', '1.0.6', '1.0.5', '1.0.4', '1.0.3', '1.0.1', '1.0.0'], 1],
    ['an older latest (newer ones unpromoted) stays', imageWith(9, { latestVersion: '1.0.0' }), undefined, ['1.0.8', '1.0.7', '1.0.6', '1.0.5', '1.0.4', '1.0.3', '1.0.0'], 2],
    ['no versions', imageWith(0), undefined, [], 0],
  ])('%s', (_case, image, prune, names, hidden) => {
    const result = shownVersions(image, prune);
    expect(result.shown.map((v) => v.name)).toEqual(names);
    expect(result.hidden).toBe(hidden);
  });

  it('an older unpromoted version stays', () => {
    const image = imageWith(9);
    image.versions = image.versions?.map((v) => (v.name === '1.0.2' ? { ...v, lifecycle: 'unpromoted' } : v));
    expect(shownVersions(image, undefined).shown.map((v) => v.name)).toContain('1.0.2');
  });
});
