import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildVmSecurity, mergeBuildVmTags } from '../../../../shared/domain/buildVm';

const tagName = fc.constantFrom('owner', 'Owner', 'OWNER', 'env', 'Env', 'costCenter', 'costcenter', 'team', 'Autopilot-Build');
const layer = fc.dictionary(tagName, fc.string({ maxLength: 8 }), { maxKeys: 6 });

describe('mergeBuildVmTags', () => {
  it.each<[string, Record<string, string>[], Record<string, string>]>([
    ['later layers win', [{ owner: 'image', env: 'prod' }, { env: 'build' }, { 'autopilot-build': 'b1' }], { owner: 'image', env: 'build', 'autopilot-build': 'b1' }],
    ['a name differing only in case replaces, with the later spelling', [{ Owner: 'image' }, { owner: 'build' }], { owner: 'build' }],
    ['empty layers change nothing', [{}, { a: '1' }, {}], { a: '1' }],
  ])('%s', (_name, layers, expected) => {
    expect(mergeBuildVmTags(...layers)).toEqual(expected);
  });

  it('the last layer (Image Autopilot\'s own) always survives whole, and no two names differ only in case', () => {
    fc.assert(
      fc.property(layer, layer, fc.record({ 'autopilot-build': fc.string(), 'autopilot-instance': fc.string() }), (image, build, own) => {
        const merged = mergeBuildVmTags(image, build, own);
        for (const [k, v] of Object.entries(own)) expect(merged[k]).toBe(v);
        const lower = Object.keys(merged).map((k) => k.toLowerCase());
        expect(new Set(lower).size).toBe(lower.length);
        // Every name of any layer is there in some case.
        for (const k of [...Object.keys(image), ...Object.keys(build)]) expect(lower).toContain(k.toLowerCase());
      }),
    );
  });
});

describe('buildVmSecurity', () => {
  it.each([
    ['TrustedLaunch', { securityType: 'TrustedLaunch' }],
    ['ConfidentialVM', { securityType: 'ConfidentialVM', securityEncryptionType: 'VMGuestStateOnly' }],
    ['Standard', null],
    ['TrustedLaunchSupported', null],
    ['ConfidentialVmSupported', null],
    ['TrustedLaunchAndConfidentialVmSupported', null],
  ] as const)('%s → %o', (type, expected) => {
    expect(buildVmSecurity(type)).toEqual(expected);
  });
});
