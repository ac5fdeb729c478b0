import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readerAssignmentName } from '../../../../../shared/domain/sharing/assignmentName';
import { planSharing, type SharingPlan } from '../../../../../shared/domain/sharing/planSharing';
import { GALLERY_READER_ROLE, readerRoleDefinitionId } from '../../../../../shared/domain/sharing/readerRole';
import type { ActualAssignment, ActualSharing, DesiredSharing } from '../../../../../shared/domain/sharing/sharingState';

const SUB = '00000000-0000-4000-8000-000000000001';
const GALLERY = `/subscriptions/${SUB}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_main`;
const ROLE = readerRoleDefinitionId(SUB);
const OTHER_ROLE = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;
const G1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const G2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const S1 = 'bbbbbbbb-0000-4000-8000-000000000001';
const S2 = 'bbbbbbbb-0000-4000-8000-000000000002';
const T1 = 'cccccccc-0000-4000-8000-000000000001';
const WEB = `${GALLERY}/images/web`;

function desired(overrides: Partial<DesiredSharing> = {}): DesiredSharing {
  return { galleryId: GALLERY, roleDefinitionId: ROLE, readers: [], ...overrides };
}

function actual(overrides: Partial<ActualSharing> = {}): ActualSharing {
  return { permissions: 'Private', subscriptions: [], tenants: [], assignments: [], ...overrides };
}

function own(scope: string, principalId: string): ActualAssignment {
  return { name: readerAssignmentName(scope, principalId, GALLERY_READER_ROLE.roleDefinitionGuid), scope, principalId, principalType: 'Group', roleDefinitionId: ROLE };
}

function handMade(scope: string, principalId: string, roleDefinitionId = ROLE): ActualAssignment {
  return { name: '12345678-1234-4234-8234-123456789abc', scope, principalId, principalType: 'Group', roleDefinitionId };
}

const brief = (plan: SharingPlan) =>
  plan.changes.map((c) => (c.model === 'reader' ? `${c.action} reader ${c.principalId.slice(-1)}@${c.scope === GALLERY ? 'gallery' : c.scope.split('/').pop()}` : c.model === 'direct' ? `${c.action} ${c.groupType} ${c.id.slice(-1)}` : `${c.action} community`));

describe('planSharing', () => {
  it.each<[string, DesiredSharing, ActualSharing, string[]]>([
    ['nothing declared, nothing shared', desired(), actual(), []],
    ['a missing gallery reader is added', desired({ readers: [{ scope: GALLERY, principalId: G1, principalType: 'Group' }] }), actual(), ['add reader 1@gallery']],
    ['a reader on one definition is added there', desired({ readers: [{ scope: WEB, principalId: G1, principalType: 'Group' }] }), actual(), ['add reader 1@web']],
    ['a reader already assigned (even by hand) is not added again', desired({ readers: [{ scope: GALLERY, principalId: G1, principalType: 'Group' }] }), actual({ assignments: [handMade(GALLERY, G1)] }), []],
    ['the app’s own reader the catalog no longer lists is removed', desired(), actual({ assignments: [own(GALLERY, G1)] }), ['remove reader 1@gallery']],
    ['a hand-made reader assignment is never removed', desired(), actual({ assignments: [handMade(GALLERY, G1)] }), []],
    ['an assignment of another role is never touched', desired(), actual({ assignments: [handMade(GALLERY, G1, OTHER_ROLE)] }), []],
    ['the app’s reader above the gallery is not its business', desired(), actual({ assignments: [own(`/subscriptions/${SUB}`, G1)] }), []],
    ['direct not declared: existing shares stay', desired(), actual({ permissions: 'Groups', subscriptions: [S1], tenants: [T1] }), []],
    ['direct: missing subscription added, unlisted one removed', desired({ direct: { subscriptions: [S1], tenants: [] } }), actual({ permissions: 'Groups', subscriptions: [S2] }), ['remove Subscriptions 2', 'add Subscriptions 1']],
    ['direct: a tenant is added', desired({ direct: { subscriptions: [], tenants: [T1] } }), actual(), ['add AADTenants 1']],
    ['direct: IDs compare case-insensitively', desired({ direct: { subscriptions: [S1.toUpperCase()], tenants: [] } }), actual({ permissions: 'Groups', subscriptions: [S1] }), []],
    ['community requested on a private gallery', desired({ community: { publisherUri: 'https://x', publisherContact: 'a@b.c', eula: 'https://x/eula', publicNamePrefix: 'contoso', enforce: true } }), actual(), ['add community']],
    ['community already on', desired({ community: { publisherUri: 'https://x', publisherContact: 'a@b.c', eula: 'https://x/eula', publicNamePrefix: 'contoso', enforce: true } }), actual({ permissions: 'Community' }), []],
  ])('%s', (_name, want, have, expected) => {
    expect(brief(planSharing(want, have))).toEqual(expected);
  });

  it.each<[string, DesiredSharing, ActualSharing, Partial<SharingPlan['direct']>]>([
    ['a private gallery is switched to Groups before adding', desired({ direct: { subscriptions: [S1], tenants: [] } }), actual(), { enableGroups: true, reset: false, add: [{ type: 'Subscriptions', ids: [S1] }] }],
    ['a Groups gallery needs no switch', desired({ direct: { subscriptions: [S1], tenants: [] } }), actual({ permissions: 'Groups' }), { enableGroups: false }],
    ['an emptied list resets the gallery to private', desired({ direct: { subscriptions: [], tenants: [] } }), actual({ permissions: 'Groups', subscriptions: [S1], tenants: [T1] }), { enableGroups: false, reset: true, add: [], remove: [] }],
    ['a partial removal removes just those', desired({ direct: { subscriptions: [S1], tenants: [] } }), actual({ permissions: 'Groups', subscriptions: [S1, S2] }), { reset: false, remove: [{ type: 'Subscriptions', ids: [S2] }] }],
  ])('direct operations: %s', (_name, want, have, expected) => {
    expect(planSharing(want, have).direct).toMatchObject(expected);
  });

  it('never changes a community gallery into a direct one, and says so', () => {
    const plan = planSharing(desired({ direct: { subscriptions: [S1], tenants: [] } }), actual({ permissions: 'Community' }));
    expect(plan.changes).toEqual([]);
    expect(plan.blocked).toEqual([{ model: 'direct', reason: expect.stringContaining('community') }]);
    expect(plan.summary).toEqual({ add: 0, remove: 0, blocked: 1 });
  });

  it('does not share a directly shared gallery to the community', () => {
    const community = { publisherUri: 'https://x', publisherContact: 'a@b.c', eula: 'https://x/eula', publicNamePrefix: 'contoso', enforce: true as const };
    const plan = planSharing(desired({ community }), actual({ permissions: 'Groups', subscriptions: [S1] }));
    expect(plan.changes).toEqual([]);
    expect(plan.blocked).toEqual([{ model: 'community', reason: expect.stringContaining('directly') }]);
  });

  it('a reader listed twice for one scope is added once', () => {
    const reader = { scope: GALLERY, principalId: G1, principalType: 'Group' as const };
    expect(brief(planSharing(desired({ readers: [reader, { ...reader, principalId: G1.toUpperCase() }] }), actual()))).toEqual(['add reader 1@gallery']);
  });
});

// --- properties ---------------------------------------------------------------------------------------------------

const principal = fc.constantFrom(G1, G2, 'aaaaaaaa-0000-4000-8000-000000000003');
const scope = fc.constantFrom(GALLERY, WEB, `${GALLERY}/images/win`, `/subscriptions/${SUB}`, `/subscriptions/${SUB}/resourceGroups/rg-images`);
const sub = fc.constantFrom(S1, S2, 'bbbbbbbb-0000-4000-8000-000000000003');
const tenant = fc.constantFrom(T1, 'cccccccc-0000-4000-8000-000000000002');
const assignment = fc.oneof(
  fc.tuple(scope, principal).map(([s, p]) => own(s, p)),
  fc.tuple(scope, principal, fc.constantFrom(ROLE, OTHER_ROLE)).map(([s, p, r]) => handMade(s, p, r)),
);
const desiredArb = fc.record({
  readers: fc.array(fc.record({ scope: fc.constantFrom(GALLERY, WEB), principalId: principal, principalType: fc.constant('Group' as const) }), { maxLength: 4 }),
  direct: fc.option(fc.record({ subscriptions: fc.uniqueArray(sub), tenants: fc.uniqueArray(tenant) }), { nil: undefined }),
});
const actualArb = fc.record({
  permissions: fc.constantFrom('Private', 'Groups'),
  subscriptions: fc.uniqueArray(sub),
  tenants: fc.uniqueArray(tenant),
  assignments: fc.uniqueArray(assignment, { selector: (a) => `${a.scope}|${a.principalId}|${a.roleDefinitionId}` }),
});

/** What ARM looks like after the plan ran: the model the activities implement. */
function applied(have: ActualSharing, plan: SharingPlan): ActualSharing {
  const next: ActualSharing = { ...have, subscriptions: [...have.subscriptions], tenants: [...have.tenants], assignments: [...have.assignments] };
  if (plan.direct.enableGroups) next.permissions = 'Groups';
  if (plan.direct.reset) Object.assign(next, { permissions: 'Private', subscriptions: [], tenants: [] });
  for (const c of plan.changes) {
    if (c.model === 'reader') {
      if (c.action === 'add') next.assignments.push({ name: c.assignmentName, scope: c.scope, principalId: c.principalId, roleDefinitionId: c.roleDefinitionId });
      else next.assignments = next.assignments.filter((a) => a.name !== c.assignmentName || a.scope !== c.scope);
    } else if (c.model === 'direct' && !plan.direct.reset) {
      const key = c.groupType === 'Subscriptions' ? 'subscriptions' : 'tenants';
      next[key] = c.action === 'add' ? [...next[key], c.id] : next[key].filter((id) => id !== c.id);
    }
  }
  return next;
}

describe('planSharing properties', () => {
  it('is idempotent: planning again after applying the plan changes nothing', () => {
    fc.assert(
      fc.property(desiredArb, actualArb, (d, a) => {
        const want = desired(d.direct === undefined ? { readers: d.readers } : d);
        const again = planSharing(want, applied(a, planSharing(want, a)));
        expect(again.changes).toEqual([]);
      }),
    );
  });

  it('removes only what the catalog manages: the app’s own reader assignments, and direct shares only when declared', () => {
    fc.assert(
      fc.property(desiredArb, actualArb, (d, a) => {
        const want = desired(d.direct === undefined ? { readers: d.readers } : d);
        for (const c of planSharing(want, a).changes.filter((x) => x.action === 'remove')) {
          if (c.model === 'reader') {
            expect(a.assignments.some((x) => x.name === c.assignmentName && x.name === readerAssignmentName(x.scope, x.principalId, GALLERY_READER_ROLE.roleDefinitionGuid))).toBe(true);
            expect(want.readers.some((r) => r.scope === c.scope && r.principalId === c.principalId)).toBe(false);
          } else {
            expect(want.direct).toBeDefined();
          }
        }
      }),
    );
  });

  it('adds every declared reader and direct share that is missing', () => {
    fc.assert(
      fc.property(desiredArb, actualArb, (d, a) => {
        const want = desired(d.direct === undefined ? { readers: d.readers } : d);
        const after = applied(a, planSharing(want, a));
        for (const r of want.readers) expect(after.assignments.some((x) => x.scope === r.scope && x.principalId === r.principalId && x.roleDefinitionId === ROLE)).toBe(true);
        if (want.direct) {
          expect([...after.subscriptions].sort()).toEqual([...want.direct.subscriptions].sort());
          expect([...after.tenants].sort()).toEqual([...want.direct.tenants].sort());
        }
      }),
    );
  });
});

describe('readerAssignmentName', () => {
  it('is a GUID that depends on scope, principal and role only, case-insensitively', () => {
    const name = readerAssignmentName(GALLERY, G1, GALLERY_READER_ROLE.roleDefinitionGuid);
    expect(name).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(readerAssignmentName(GALLERY.toUpperCase(), G1.toUpperCase(), GALLERY_READER_ROLE.roleDefinitionGuid)).toBe(name);
    expect(readerAssignmentName(WEB, G1, GALLERY_READER_ROLE.roleDefinitionGuid)).not.toBe(name);
  });
});
