import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMING_CONVENTION } from '../../../../../shared/domain/names';
import { evaluateNames, type NamedResource } from '../../../../../shared/domain/policy/evaluateNames';
import { GALLERY_SCOPE } from './policyBuilders';

const gallery = (name: string): NamedResource => ({ kind: 'gallery', name, id: GALLERY_SCOPE.replace('gal_main', name) });
const definition = (name: string): NamedResource => ({ kind: 'imageDefinition', name, id: `${GALLERY_SCOPE}/images/${name}` });
const version = (name: string): NamedResource => ({ kind: 'version', name, id: `${GALLERY_SCOPE}/images/ubuntu-base/versions/${name}` });

describe('evaluateNames', () => {
  it.each<[NamedResource, string[]]>([
    [gallery('gal_main'), []],
    [gallery('gal-main'), ['NM001:medium', 'NM002:low']],
    [gallery('images'), ['NM002:low']],
    [gallery('_gal'), ['NM001:medium', 'NM002:low']],
    [definition('ubuntu-base'), []],
    [definition('Ubuntu_Base'), ['NM002:low']],
    [definition('ubuntu base'), ['NM001:medium', 'NM002:low']],
    [version('1.20261125.1'), []],
    [version('1.202611251200.0'), ['NM001:medium']],
    [version('latest'), ['NM001:medium', 'NM002:low']],
  ])('%j → %j', (resource, expected) => {
    expect(evaluateNames([resource], DEFAULT_NAMING_CONVENTION).map((f) => `${f.ruleId}:${f.severity}`)).toEqual(expected);
  });

  it('merges every broken Azure rule of one name into one finding on that resource', () => {
    const findings = evaluateNames([gallery('-gal-')], DEFAULT_NAMING_CONVENTION);
    const azure = findings.filter((f) => f.ruleId === 'NM001');
    expect(azure).toHaveLength(1);
    expect(azure[0]).toMatchObject({ resource: GALLERY_SCOPE.replace('gal_main', '-gal-'), message: expect.stringMatching(/hyphens.*; .*start and end/) });
  });

  it('reports an invalid convention once (PL005), however many names it was tried on', () => {
    const findings = evaluateNames([definition('a'), definition('b')], { ...DEFAULT_NAMING_CONVENTION, imageDefinition: '([a-z' });
    expect(findings.map((f) => [f.ruleId, f.scope])).toEqual([
      ['PL005', 'policy.naming.imageDefinition'],
      ['PL005', 'policy.naming.imageDefinition'],
    ]);
    expect(new Set(findings.map((f) => f.id)).size).toBe(1);
  });

  it('never throws and only emits naming rules, for any name and any convention', () => {
    fc.assert(
      fc.property(fc.constantFrom('gallery' as const, 'imageDefinition' as const, 'version' as const), fc.string(), fc.string(), (kind, name, convention) => {
        const findings = evaluateNames([{ kind, name, id: `${GALLERY_SCOPE}/x` }], { ...DEFAULT_NAMING_CONVENTION, [kind]: convention });
        return findings.every((f) => ['NM001', 'NM002', 'PL005'].includes(f.ruleId));
      }),
    );
  });
});
