import { describe, expect, it } from 'vitest';
import { evaluateSharing, type GallerySharingView } from '../../../../../shared/domain/policy/evaluateSharing';
import type { SharingAllowList } from '../../../../../shared/domain/sharing/sharingSpec';

const GALLERY = '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal_main';
const S1 = 'bbbbbbbb-0000-4000-8000-000000000001';
const S2 = 'bbbbbbbb-0000-4000-8000-000000000002';
const T1 = 'cccccccc-0000-4000-8000-000000000001';
const NONE: SharingAllowList = { subscriptions: [], tenants: [], community: false };
const view = (v: Partial<GallerySharingView>): GallerySharingView => ({ permissions: 'Groups', subscriptions: [], tenants: [], ...v });

describe('evaluateSharing (SH001)', () => {
  it.each<[string, GallerySharingView, SharingAllowList, (string | undefined)[]]>([
    ['a private gallery', view({ permissions: 'Private' }), NONE, []],
    ['a subscription not on the allow-list', view({ subscriptions: [S1] }), NONE, [S1]],
    ['an allowed subscription (case-insensitive)', view({ subscriptions: [S1] }), { ...NONE, subscriptions: [S1.toUpperCase()] }, []],
    ['one allowed, one not', view({ subscriptions: [S1, S2] }), { ...NONE, subscriptions: [S1] }, [S2]],
    ['a tenant not on the allow-list', view({ tenants: [T1] }), NONE, [T1]],
    ['a community gallery without community allowed', view({ permissions: 'Community' }), NONE, [undefined]],
    ['a community gallery with community allowed', view({ permissions: 'Community' }), { ...NONE, community: true }, []],
  ])('%s', (_name, sharing, allow, principals) => {
    const findings = evaluateSharing(GALLERY, sharing, allow, 'the gallery');
    expect(findings.map((f) => f.principalId)).toEqual(principals);
    expect(findings.every((f) => f.ruleId === 'SH001' && f.severity === 'high' && f.scope === GALLERY)).toBe(true);
  });

  it('gives each finding a stable id', () => {
    const once = evaluateSharing(GALLERY, view({ subscriptions: [S1] }), NONE, 'the gallery');
    expect(evaluateSharing(GALLERY, view({ subscriptions: [S1.toUpperCase()] }), NONE, 'the gallery').map((f) => f.id)).toEqual(once.map((f) => f.id));
  });
});
