import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogError, loadCatalog } from '../../../../shared/config';
import { formatPath } from '../../../../shared/config/Problem';
import { aCatalog, setAt, toYaml } from './catalogBuilder';
import { problemsOf } from './catalogProblems';

/** Either loads or throws a CatalogError with at least one complete problem: nothing else may escape. */
function loadsOrExplains(text: string): void {
  try {
    loadCatalog(text, 'prop.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    const problems = (error as CatalogError).problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) {
      expect(p.path).not.toBe('');
      expect(p.message).not.toBe('');
    }
  }
}

/** Every path in the valid document, inner nodes included, so a property can break any of them. */
function pathsOf(node: unknown, path: (string | number)[] = []): string[] {
  const here = path.length === 0 ? [] : [formatPath(path)];
  if (Array.isArray(node)) return [...here, ...node.flatMap((child, i) => pathsOf(child, [...path, i]))];
  if (typeof node === 'object' && node !== null) return [...here, ...Object.entries(node).flatMap(([k, v]) => pathsOf(v, [...path, k]))];
  return here;
}

/** Paths of the mappings (not lists or scalars) in the document. */
function mappingPathsOf(node: unknown, path: (string | number)[] = []): string[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => mappingPathsOf(child, [...path, i]));
  if (typeof node !== 'object' || node === null) return [];
  const here = path.length === 0 ? [] : [formatPath(path)];
  return [...here, ...Object.entries(node).flatMap(([k, v]) => mappingPathsOf(v, [...path, k]))];
}

const yamlish = fc.string({ unit: fc.constantFrom(...'ab:-[]{}&*!|>\'"#%@ \n\t,?0.1'.split('')), maxLength: 60 });

describe('loadCatalog never throws anything but CatalogError', () => {
  it('on arbitrary JSON documents', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => loadsOrExplains(JSON.stringify(value))), { numRuns: 300 });
  });

  it('on arbitrary YAML-ish text', () => {
    fc.assert(fc.property(yamlish, (text) => loadsOrExplains(text)), { numRuns: 500 });
  });

  it('on a valid catalog with any one node replaced by arbitrary data', () => {
    const paths = pathsOf(aCatalog());
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), (path, value) => loadsOrExplains(toYaml(setAt(aCatalog(), path, value)))),
      { numRuns: 400 },
    );
  });

  it('on a valid catalog with any node given an extra key, which is always reported at that key', () => {
    const mappingPaths = mappingPathsOf(aCatalog());
    fc.assert(
      fc.property(fc.constantFrom(...mappingPaths), fc.stringMatching(/^zz[a-z]{1,6}$/), (path, key) => {
        const problems = problemsOf(setAt(aCatalog(), `${path}.${key}`, 1));
        expect(problems.map((p) => p.path)).toContain(`${path}.${key}`);
      }),
      { numRuns: 100 },
    );
  });
});

describe('loadCatalog range rules as properties', () => {
  it('accepts replicas exactly in 1..100 and otherwise names the field and the value', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (replicas) => {
        const doc = setAt(aCatalog(), 'images[0].targetRegions', [{ name: 'westeurope', replicas }]);
        if (replicas >= 1 && replicas <= 100) {
          expect(loadCatalog(toYaml(doc)).images[0]?.targetRegions[0]?.replicas).toBe(replicas);
        } else {
          expect(problemsOf(doc)).toEqual([{ path: 'images[0].targetRegions[0].replicas', message: `must be 1..100, got ${replicas}`, line: expect.any(Number) }]);
        }
      }),
    );
  });

  it('accepts maxDeleteShare exactly in (0, 1]', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 2, noNaN: true }), (share) => {
        const doc = setAt(aCatalog(), 'images[0].retention', { maxDeleteShare: share });
        if (share > 0 && share <= 1) expect(loadCatalog(toYaml(doc)).images[0]?.retention.maxDeleteShare).toBe(share);
        else expect(problemsOf(doc).map((p) => p.path)).toEqual(['images[0].retention.maxDeleteShare']);
      }),
    );
  });

  it('treats region names case- and space-insensitively', () => {
    const spaced = fc.constantFrom('westeurope', 'West Europe', 'WESTEUROPE', ' west  europe ', 'WestEurope');
    fc.assert(
      fc.property(spaced, spaced, (gallery, region) => {
        const doc = setAt(aCatalog(), 'gallery.location', gallery);
        setAt(doc, 'images[0].targetRegions', [{ name: region }]);
        expect(loadCatalog(toYaml(doc)).images[0]?.targetRegions[0]?.name).toBe('westeurope');
      }),
      { numRuns: 25 },
    );
  });
});
