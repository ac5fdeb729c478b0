/**
 * Capture and usage scopes in another subscription than the gallery's: that subscription's RBAC, listed there, is
 * judged with its own definitions and the rules that make sense outside the gallery's subscription.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { otherSubscriptionScopes, type DeclaredAppRole } from '../../../../../shared/domain/policy/appRoles';
import { BUILT_IN_ROLES } from '../../../../../shared/domain/policy/builtInRoles';
import { buildPolicyReport } from '../../../../../shared/domain/policy/buildPolicyReport';
import { evaluateLeastPrivilege, type LeastPrivilegeInput, type SubscriptionRbac } from '../../../../../shared/domain/policy/evaluateLeastPrivilege';
import type { RoleAssignmentRecord, RoleDefinitionRecord } from '../../../../../shared/domain/policy/rbacRecords';
import {
  APP_PRINCIPAL,
  APP_ROLE_DEFINITIONS,
  APP_ROLES,
  BUILT_IN_DEFINITIONS,
  CAPTURE_SCOPE,
  GALLERY_RG_SCOPE,
  GALLERY_SCOPE,
  NOW,
  OTHER_SUB,
  STAGING_SCOPE,
  SUB_SCOPE,
  aCatalog,
  aCustomDefinition,
  aPrincipal,
  anAssignment,
  appAssignments,
  roleDefinitionId,
} from './policyBuilders';

const OTHER_SCOPE = `/subscriptions/${OTHER_SUB}`;
const OTHER_RG = `${OTHER_SCOPE}/resourceGroups/rg-apps`;
const THIRD_SCOPE = '/subscriptions/00000000-0000-0000-0000-0000000000cc';
const MANAGEMENT_GROUP = '/providers/Microsoft.Management/managementGroups/corp';

const USAGE_READER = 'aaaaaaaa-0000-0000-0000-000000000005';
const POLICY_READER = 'aaaaaaaa-0000-0000-0000-000000000006';
const USAGE_ACTIONS = ['Microsoft.Compute/virtualMachines/read', 'Microsoft.Compute/virtualMachineScaleSets/read'];
const POLICY_READER_ACTIONS = ['Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleDefinitions/read'];

/** The declared roles, with the two that reach another subscription: usage reader and policy reader. */
const ROLES: DeclaredAppRole[] = [
  ...APP_ROLES,
  { roleName: 'Image Autopilot Usage Reader', assignTo: 'usageScopes', permissions: [{ actions: USAGE_ACTIONS, notActions: [] }] },
  { roleName: 'Image Autopilot Policy Reader', assignTo: 'otherSubscriptions', permissions: [{ actions: POLICY_READER_ACTIONS, notActions: [] }] },
];

type CatalogOptions = Parameters<typeof aCatalog>[0];

/** The gallery's subscription as in the other tests; its usage scopes also include a resource group of OTHER_SUB. */
function aCatalogWithOtherUsage(options: CatalogOptions = {}): ReturnType<typeof aCatalog> {
  const catalog = aCatalog(options);
  return { ...catalog, scopes: { capture: [CAPTURE_SCOPE], usage: [SUB_SCOPE, OTHER_RG] } };
}

/** A definition as OTHER_SUB's list returns it: the ID carries that subscription. */
function inOther(definition: RoleDefinitionRecord): RoleDefinitionRecord {
  return { ...definition, id: roleDefinitionId(definition.id.split('/').pop() ?? '', OTHER_SCOPE) };
}

function anOtherAssignment(overrides: Partial<RoleAssignmentRecord> & { roleGuid?: string } = {}): RoleAssignmentRecord {
  const { roleGuid, ...rest } = overrides;
  const assignment = anAssignment({ scope: OTHER_SCOPE, roleGuid, ...rest });
  return { ...assignment, roleDefinitionId: roleDefinitionId(assignment.roleDefinitionId.split('/').pop() ?? '', OTHER_SCOPE) };
}

const OTHER_DEFINITIONS: RoleDefinitionRecord[] = [
  ...BUILT_IN_DEFINITIONS.map(inOther),
  inOther(aCustomDefinition(USAGE_READER, 'Image Autopilot Usage Reader-dev', USAGE_ACTIONS, [SUB_SCOPE, OTHER_RG])),
  inOther(aCustomDefinition(POLICY_READER, 'Image Autopilot Policy Reader-dev', POLICY_READER_ACTIONS, [OTHER_SCOPE])),
];

/** OTHER_SUB as infra leaves it: the app with its usage reader and policy reader, a group reading. */
function cleanOther(): RoleAssignmentRecord[] {
  return [
    anOtherAssignment({ principalId: APP_PRINCIPAL, scope: OTHER_RG, roleGuid: USAGE_READER }),
    anOtherAssignment({ principalId: APP_PRINCIPAL, roleGuid: POLICY_READER }),
    anOtherAssignment({ principalId: aPrincipal(50), principalType: 'Group' }),
  ];
}

function anOtherSubscription(assignments: readonly unknown[] = [], definitions: readonly unknown[] = []): SubscriptionRbac {
  return { scope: OTHER_SCOPE, assignments: [...cleanOther(), ...assignments], roleDefinitions: [...OTHER_DEFINITIONS, ...definitions] };
}

function scan(others: readonly SubscriptionRbac[], options: { gallery?: readonly unknown[]; catalog?: CatalogOptions } = {}): LeastPrivilegeInput {
  return {
    catalog: aCatalogWithOtherUsage(options.catalog),
    assignments: [...appAssignments(), anAssignment({ principalId: APP_PRINCIPAL, scope: SUB_SCOPE, roleGuid: USAGE_READER }), ...(options.gallery ?? [])],
    roleDefinitions: [...BUILT_IN_DEFINITIONS, ...APP_ROLE_DEFINITIONS, aCustomDefinition(USAGE_READER, 'Image Autopilot Usage Reader-dev', USAGE_ACTIONS, [SUB_SCOPE, OTHER_RG])],
    appRoles: ROLES,
    otherSubscriptions: others,
  };
}

const summaryOf = (input: LeastPrivilegeInput) => evaluateLeastPrivilege(input).map((f) => [f.ruleId, f.severity, f.principalId ?? null, f.scope]);

const WILDCARD = 'cccccccc-0000-0000-0000-000000000011';
const GALLERY_WRITER = 'cccccccc-0000-0000-0000-000000000012';
const OTHER_ONLY = 'cccccccc-0000-0000-0000-000000000013';
const VANISHED = 'dddddddd-0000-0000-0000-000000000019';
const owners = (n: number) => Array.from({ length: n }, (_, i) => anOtherAssignment({ principalId: aPrincipal(300 + i), roleGuid: BUILT_IN_ROLES.owner.guid }));
const users = (n: number) => Array.from({ length: n }, (_, i) => anOtherAssignment({ principalId: aPrincipal(400 + i), principalType: 'User', scope: OTHER_RG }));
const allowAll = (principals: string[]): CatalogOptions => ({ leastPrivilege: { allowedPrincipals: principals.map((principalId) => ({ principalId, roles: [], reason: 'x' })) } });

describe('otherSubscriptionScopes', () => {
  it.each<[string, string[], string[], string[]]>([
    ['none: every scope in the gallery subscription', [CAPTURE_SCOPE], [SUB_SCOPE], []],
    ['a usage resource group elsewhere', [CAPTURE_SCOPE], [SUB_SCOPE, OTHER_RG], [OTHER_SCOPE]],
    ['each subscription once, sorted, lower-cased', [`${THIRD_SCOPE.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/')}/resourceGroups/rg-vms`, OTHER_RG], [OTHER_SCOPE, THIRD_SCOPE], [OTHER_SCOPE, THIRD_SCOPE]],
    ['the gallery subscription in another casing is not another one', [SUB_SCOPE.toUpperCase()], [], []],
    ['a scope that is not an ARM scope is skipped', ['not-a-scope'], [OTHER_RG], [OTHER_SCOPE]],
  ])('%s', (_name, capture, usage, expected) => {
    expect(otherSubscriptionScopes({ ...aCatalog(), scopes: { capture, usage } })).toEqual(expected);
  });
});

describe('evaluateLeastPrivilege: another subscription holding capture or usage scopes', () => {
  it('a clean second subscription adds no findings', () => {
    expect(summaryOf(scan([anOtherSubscription()]))).toEqual([]);
  });

  it.each<[string, unknown[], RoleDefinitionRecord[], CatalogOptions, (string | null)[][]]>([
    ['the app with Contributor on the usage scope', [anOtherAssignment({ principalId: APP_PRINCIPAL, scope: OTHER_RG, roleGuid: BUILT_IN_ROLES.contributor.guid })], [], {}, [['LP007', 'high', APP_PRINCIPAL, OTHER_RG]]],
    ['the app with its policy reader on the resource group instead of the subscription', [anOtherAssignment({ principalId: APP_PRINCIPAL, scope: OTHER_RG, roleGuid: POLICY_READER })], [], {}, [['LP007', 'high', APP_PRINCIPAL, OTHER_RG]]],
    ['the app with its usage reader on the whole subscription', [anOtherAssignment({ principalId: APP_PRINCIPAL, roleGuid: USAGE_READER })], [], {}, [['LP007', 'high', APP_PRINCIPAL, OTHER_SCOPE]]],
    ['the app with a role defined only there (resolved from its list, not LP008)', [anOtherAssignment({ principalId: APP_PRINCIPAL, scope: OTHER_RG, roleGuid: OTHER_ONLY })], [inOther(aCustomDefinition(OTHER_ONLY, 'VM Operator', ['Microsoft.Compute/virtualMachines/read', 'Microsoft.Compute/virtualMachines/delete'], [OTHER_RG]))], {}, [['LP007', 'high', APP_PRINCIPAL, OTHER_RG]]],
    ['an assignment of a deleted role definition', [anOtherAssignment({ scope: OTHER_RG, roleGuid: VANISHED })], [], {}, [['LP008', 'medium', aPrincipal(1), OTHER_RG]]],
    ['Owner on that subscription', [anOtherAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid, principalType: 'User' })], [], {}, [['LP001', 'high', aPrincipal(1), OTHER_SCOPE]]],
    ['User Access Administrator on that subscription', [anOtherAssignment({ roleGuid: BUILT_IN_ROLES.userAccessAdministrator.guid })], [], {}, [['LP001', 'high', aPrincipal(1), OTHER_SCOPE]]],
    ['Owner allow-listed', [anOtherAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid })], [], { leastPrivilege: { allowedPrincipals: [{ principalId: aPrincipal(1), roles: ['Owner'], reason: 'break glass' }] } }, []],
    ['Contributor on a workload resource group only', [anOtherAssignment({ scope: OTHER_RG, roleGuid: BUILT_IN_ROLES.contributor.guid })], [], {}, []],
    ['more Owners than allowed (allow-listed ones count too)', owners(4), [], allowAll([0, 1, 2, 3].map((i) => aPrincipal(300 + i))), [['LP002', 'high', null, OTHER_SCOPE]]],
    ['exactly the Owner limit', owners(3), [], allowAll([0, 1, 2].map((i) => aPrincipal(300 + i))), []],
    ['many direct user assignments (LP003 stays with the gallery subscription)', users(8), [], {}, []],
    ['custom role with * assignable at that subscription', [], [inOther(aCustomDefinition(WILDCARD, 'Workload Owner Clone', ['*'], [OTHER_SCOPE]))], {}, [['LP004', 'high', null, OTHER_SCOPE]]],
    ['custom role with a provider wildcard assignable at that subscription', [], [inOther(aCustomDefinition(WILDCARD, 'Workload Compute Admin', ['Microsoft.Compute/*'], [OTHER_SCOPE]))], {}, [['LP005', 'medium', null, OTHER_SCOPE]]],
    ['a gallery writer there is no gallery finding (LP006 stays with the gallery)', [anOtherAssignment({ scope: OTHER_RG, roleGuid: GALLERY_WRITER })], [inOther(aCustomDefinition(GALLERY_WRITER, 'Gallery Writer', ['Microsoft.Compute/galleries/images/versions/write'], [OTHER_RG]))], {}, []],
    ['Reader inherited from a management group', [anOtherAssignment({ scope: MANAGEMENT_GROUP })], [], {}, [['LP009', 'low', aPrincipal(1), MANAGEMENT_GROUP]]],
    ['an assignment of a subscription nobody scanned', [anOtherAssignment({ scope: THIRD_SCOPE })], [], {}, [['LP009', 'medium', aPrincipal(1), THIRD_SCOPE]]],
    ['a malformed assignment', [{ id: 'x', scope: OTHER_SCOPE }], [], {}, [['LP010', 'medium', null, OTHER_SCOPE]]],
    ['an assignment whose scope is not an ARM scope', [{ ...anOtherAssignment(), scope: 'subscriptions/nope' }], [], {}, [['LP010', 'medium', aPrincipal(1), OTHER_SCOPE]]],
  ])('%s', (_name, assignments, definitions, catalog, expected) => {
    expect(summaryOf(scan([anOtherSubscription(assignments, definitions)], { catalog }))).toEqual(expected);
  });

  it('a malformed role definition there is LP010 at that subscription', () => {
    expect(summaryOf(scan([anOtherSubscription([], [{ id: 'x', permissions: [] }])]))).toEqual([['LP010', 'medium', null, OTHER_SCOPE]]);
  });

  it('a subscription that could not be read is one LP010 finding, and its assignments listed elsewhere stay LP009', () => {
    const owner = anOtherAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid });
    const findings = evaluateLeastPrivilege(scan([{ scope: OTHER_SCOPE, assignments: [], roleDefinitions: [], unreadable: 'FORBIDDEN: no access' }], { gallery: [owner] }));
    expect(findings.map((f) => [f.ruleId, f.severity, f.scope])).toEqual([['LP010', 'medium', OTHER_SCOPE], ['LP009', 'medium', OTHER_SCOPE]]);
    expect(findings[0]?.message).toContain('FORBIDDEN: no access');
  });

  it('an assignment of a scanned subscription is judged there whichever list returned it, not LP009', () => {
    const owner = anOtherAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid });
    expect(summaryOf(scan([anOtherSubscription()], { gallery: [owner] }))).toEqual([['LP001', 'high', aPrincipal(1), OTHER_SCOPE]]);
    // Without that subscription's lists it stays what it was: in another subscription, not evaluated further.
    expect(summaryOf(scan([], { gallery: [owner] }))).toEqual([['LP009', 'medium', aPrincipal(1), OTHER_SCOPE]]);
  });

  it("definitions are per subscription: the app's role there is judged by that subscription's definition of it", () => {
    // The gallery's list holds a harmless role of that GUID; OTHER_SUB's version of it also deletes VMs.
    const role = (actions: string[]) => aCustomDefinition(OTHER_ONLY, 'Image Autopilot Usage Reader-x', actions, [OTHER_RG]);
    const input = scan([anOtherSubscription([anOtherAssignment({ principalId: APP_PRINCIPAL, scope: OTHER_RG, roleGuid: OTHER_ONLY })], [inOther(role([...USAGE_ACTIONS, 'Microsoft.Compute/virtualMachines/delete']))])]);
    const findings = evaluateLeastPrivilege({ ...input, roleDefinitions: [...input.roleDefinitions, role(USAGE_ACTIONS)] });
    expect(findings.map((f) => [f.ruleId, f.scope])).toEqual([['LP007', OTHER_RG]]);
    expect(findings[0]?.message).toContain("'Microsoft.Compute/virtualMachines/delete'");
  });

  it('findings there have stable ids of the same shape as the gallery subscription', () => {
    const owner = anOtherAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid, principalType: 'User' });
    const [finding] = evaluateLeastPrivilege(scan([anOtherSubscription([owner])]));
    expect(finding).toMatchObject({
      id: `LP001:${OTHER_SCOPE}:${aPrincipal(1)}:${BUILT_IN_ROLES.owner.guid}`,
      scope: OTHER_SCOPE,
      roleDefinitionId: roleDefinitionId(BUILT_IN_ROLES.owner.guid, OTHER_SCOPE),
      message: expect.stringContaining(`reaches all of ${OTHER_SCOPE}`),
    });
  });

  it('an assignment inherited by both subscriptions is reported once, as the gallery subscription words it', () => {
    const inherited = anAssignment({ scope: MANAGEMENT_GROUP, roleGuid: BUILT_IN_ROLES.owner.guid });
    const report = buildPolicyReport({ ...scan([anOtherSubscription([inherited])], { gallery: [inherited] }), resources: [], now: NOW });
    expect(report.findings.map((f) => [f.ruleId, f.scope])).toEqual([['LP001', MANAGEMENT_GROUP], ['LP009', MANAGEMENT_GROUP]]);
    expect(report.findings[1]?.message).toMatch(/outside the gallery subscription\.$/);
  });

  it('a subscription listed twice, or the gallery subscription listed as another, is judged once', () => {
    const owner = anOtherAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid });
    const twice = summaryOf(scan([anOtherSubscription([owner]), anOtherSubscription([owner]), { scope: SUB_SCOPE, assignments: [anAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid })], roleDefinitions: [] }]));
    expect(twice).toEqual([['LP001', 'high', aPrincipal(1), OTHER_SCOPE]]);
  });

  it('a listing at something that is not a subscription is LP010 at the gallery subscription', () => {
    expect(summaryOf(scan([{ ...anOtherSubscription(), scope: OTHER_RG }]))).toEqual([['LP010', 'medium', null, SUB_SCOPE]]);
  });
});

describe('evaluateLeastPrivilege: other subscriptions leave the gallery subscription alone (properties)', () => {
  const galleryScopes = fc.constantFrom('/', MANAGEMENT_GROUP, SUB_SCOPE, GALLERY_RG_SCOPE, GALLERY_SCOPE, STAGING_SCOPE, CAPTURE_SCOPE, THIRD_SCOPE, 'not-a-scope');
  const otherScopes = fc.constantFrom(MANAGEMENT_GROUP, OTHER_SCOPE, OTHER_RG, `${OTHER_RG}/providers/Microsoft.Compute/virtualMachines/vm1`, THIRD_SCOPE);
  const roles = fc.constantFrom(...Object.values(BUILT_IN_ROLES).map((r) => r.guid), USAGE_READER, POLICY_READER, VANISHED);
  const fields = {
    roleGuid: roles,
    principalId: fc.oneof(fc.constant(APP_PRINCIPAL), fc.integer({ min: 1, max: 8 }).map(aPrincipal)),
    principalType: fc.constantFrom('User' as const, 'Group' as const, 'ServicePrincipal' as const),
  };
  const galleryAssignment = fc.record({ scope: galleryScopes, ...fields }).map(anAssignment);
  const otherAssignment = fc.record({ scope: otherScopes, ...fields }).map(anOtherAssignment);
  const uniqueById = <T extends { id: string }>(arb: fc.Arbitrary<T>) => fc.uniqueArray(arb, { selector: (a) => a.id.toLowerCase(), maxLength: 15 });

  it("the gallery subscription's findings do not change when another subscription is scanned beside it", () => {
    fc.assert(
      fc.property(uniqueById(galleryAssignment), uniqueById(otherAssignment), (gallery, other) => {
        const alone = evaluateLeastPrivilege(scan([], { gallery })).map((f) => f.id);
        const withOther = new Set(evaluateLeastPrivilege(scan([anOtherSubscription(other)], { gallery })).map((f) => f.id));
        // Same ids, except the gallery listing's assignments in OTHER_SUB (none here) that move to that subscription.
        return alone.every((id) => withOther.has(id));
      }),
    );
  });

  it('the report does not depend on the order ARM listed things in there', () => {
    fc.assert(
      fc.property(uniqueById(otherAssignment), (other) => {
        const listed = anOtherSubscription(other);
        const forward = buildPolicyReport({ ...scan([listed]), resources: [], now: NOW });
        const backward = buildPolicyReport({ ...scan([{ ...listed, assignments: [...listed.assignments].reverse(), roleDefinitions: [...listed.roleDefinitions].reverse() }]), resources: [], now: NOW });
        return JSON.stringify(forward) === JSON.stringify(backward);
      }),
    );
  });

  it('never throws on arbitrary or malformed data there', () => {
    const junk = fc.oneof(fc.anything(), fc.record({ id: fc.string(), scope: fc.string(), roleDefinitionId: fc.string(), principalId: fc.string(), principalType: fc.anything() }));
    fc.assert(
      fc.property(fc.array(fc.oneof(otherAssignment, junk), { maxLength: 15 }), fc.array(junk, { maxLength: 4 }), fc.option(fc.string(), { nil: undefined }), (assignments, definitions, unreadable) => {
        evaluateLeastPrivilege(scan([{ ...anOtherSubscription(assignments, definitions), ...(unreadable === undefined ? {} : { unreadable }) }]));
      }),
    );
  });
});
