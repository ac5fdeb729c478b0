import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES } from '../../../../../shared/domain/policy/builtInRoles';
import { buildPolicyReport } from '../../../../../shared/domain/policy/buildPolicyReport';
import { evaluateLeastPrivilege, type LeastPrivilegeInput } from '../../../../../shared/domain/policy/evaluateLeastPrivilege';
import type { RoleAssignmentRecord, RoleDefinitionRecord } from '../../../../../shared/domain/policy/rbacRecords';
import {
  APP_PRINCIPAL,
  APP_ROLE_DEFINITIONS,
  APP_ROLE_GUIDS,
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
} from './policyBuilders';

function scan(assignments: readonly unknown[], options: { definitions?: readonly unknown[]; catalog?: Parameters<typeof aCatalog>[0] } = {}): LeastPrivilegeInput {
  return {
    catalog: aCatalog(options.catalog),
    assignments: [...appAssignments(), ...assignments],
    roleDefinitions: [...BUILT_IN_DEFINITIONS, ...APP_ROLE_DEFINITIONS, ...(options.definitions ?? [])],
    appRoles: APP_ROLES,
  };
}

const summaryOf = (input: LeastPrivilegeInput) => evaluateLeastPrivilege(input).map((f) => [f.ruleId, f.severity, f.principalId ?? null]);

const CUSTOM_WILDCARD = 'cccccccc-0000-0000-0000-000000000001';
const GALLERY_ADMIN = 'cccccccc-0000-0000-0000-000000000002';
const GALLERY_WRITER = 'cccccccc-0000-0000-0000-000000000003';
const GALLERY_NO_DELETE = 'cccccccc-0000-0000-0000-000000000004';
const VANISHED = 'dddddddd-0000-0000-0000-000000000009';
const users = (n: number) => Array.from({ length: n }, (_, i) => anAssignment({ principalId: aPrincipal(100 + i), principalType: 'User', scope: STAGING_SCOPE }));
const owners = (n: number) => Array.from({ length: n }, (_, i) => anAssignment({ principalId: aPrincipal(200 + i), roleGuid: BUILT_IN_ROLES.owner.guid }));

describe('evaluateLeastPrivilege', () => {
  it('a clean estate (only the app with its declared roles, readers elsewhere) has no findings', () => {
    expect(summaryOf(scan([anAssignment({ scope: GALLERY_RG_SCOPE })]))).toEqual([]);
  });

  it.each<[string, RoleAssignmentRecord[], RoleDefinitionRecord[], Parameters<typeof aCatalog>[0], (string | null)[][]]>([
    ['Owner at subscription', [anAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid })], [], {}, [['LP001', 'high', aPrincipal(1)]]],
    ['Contributor at gallery RG', [anAssignment({ scope: GALLERY_RG_SCOPE, roleGuid: BUILT_IN_ROLES.contributor.guid })], [], {}, [['LP001', 'high', aPrincipal(1)]]],
    ['User Access Administrator at the gallery', [anAssignment({ scope: GALLERY_SCOPE, roleGuid: BUILT_IN_ROLES.userAccessAdministrator.guid })], [], {}, [['LP001', 'high', aPrincipal(1)]]],
    ['Contributor on the staging RG only (not the gallery)', [anAssignment({ scope: STAGING_SCOPE, roleGuid: BUILT_IN_ROLES.contributor.guid })], [], {}, []],
    ['Owner allow-listed by role name', [anAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid })], [], { leastPrivilege: { allowedPrincipals: [{ principalId: aPrincipal(1), roles: ['Owner'], reason: 'break glass' }] } }, []],
    ['Owner allow-listed by definition ID (any casing)', [anAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid })], [], { leastPrivilege: { allowedPrincipals: [{ principalId: aPrincipal(1).toUpperCase(), roles: [`/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES.owner.guid.toUpperCase()}`], reason: 'x' }] } }, []],
    ['allow-listed for Reader only still flagged as Owner', [anAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid })], [], { leastPrivilege: { allowedPrincipals: [{ principalId: aPrincipal(1), roles: ['Reader'], reason: 'x' }] } }, [['LP001', 'high', aPrincipal(1)]]],
    ['more Owners than allowed (allow-listed ones count too)', owners(4), [], { leastPrivilege: { allowedPrincipals: [0, 1, 2, 3].map((i) => ({ principalId: aPrincipal(200 + i), roles: [], reason: 'x' })) } }, [['LP002', 'high', null]]],
    ['exactly the Owner limit', owners(2), [], { leastPrivilege: { maxSubscriptionOwners: 2, allowedPrincipals: [0, 1].map((i) => ({ principalId: aPrincipal(200 + i), roles: [], reason: 'x' })) } }, []],
    ['more direct user assignments than allowed', users(6), [], {}, [['LP003', 'medium', null]]],
    ['exactly the direct user limit', users(5), [], {}, []],
    ['custom role with * assignable at the subscription', [], [aCustomDefinition(CUSTOM_WILDCARD, 'Sub Owner Clone', ['*'])], {}, [['LP004', 'high', null]]],
    ['custom role with * assignable at a management group', [], [aCustomDefinition(CUSTOM_WILDCARD, 'MG Owner Clone', ['*'], ['/providers/Microsoft.Management/managementGroups/corp'])], {}, [['LP004', 'high', null]]],
    ['custom role with provider wildcard at the subscription', [], [aCustomDefinition(CUSTOM_WILDCARD, 'Compute Admin', ['Microsoft.Compute/*'])], {}, [['LP005', 'medium', null]]],
    ['custom role with * assignable only at a resource group', [], [aCustomDefinition(CUSTOM_WILDCARD, 'RG Owner Clone', ['*'], [GALLERY_RG_SCOPE])], {}, []],
    ['custom role that can delete gallery versions', [anAssignment({ scope: GALLERY_SCOPE, roleGuid: GALLERY_ADMIN })], [aCustomDefinition(GALLERY_ADMIN, 'Gallery Admin', ['Microsoft.Compute/galleries/images/versions/delete'], [GALLERY_SCOPE])], {}, [['LP006', 'high', aPrincipal(1)]]],
    ['custom role that can write gallery versions, at an image definition', [anAssignment({ scope: `${GALLERY_SCOPE}/images/ubuntu-base`, roleGuid: GALLERY_WRITER })], [aCustomDefinition(GALLERY_WRITER, 'Gallery Writer', ['Microsoft.Compute/galleries/images/versions/write'], [GALLERY_SCOPE])], {}, [['LP006', 'medium', aPrincipal(1)]]],
    ['wildcard role whose notActions remove delete', [anAssignment({ scope: GALLERY_RG_SCOPE, roleGuid: GALLERY_NO_DELETE })], [aCustomDefinition(GALLERY_NO_DELETE, 'Gallery No Delete', ['Microsoft.Compute/galleries/*'], [GALLERY_RG_SCOPE], ['Microsoft.Compute/galleries/*/delete', 'Microsoft.Compute/galleries/delete'])], {}, [['LP006', 'medium', aPrincipal(1)]]],
    ['gallery writer on another resource group is not a gallery finding', [anAssignment({ scope: STAGING_SCOPE, roleGuid: GALLERY_WRITER })], [aCustomDefinition(GALLERY_WRITER, 'Gallery Writer', ['Microsoft.Compute/galleries/images/versions/write'], [STAGING_SCOPE])], {}, []],
    ['app identity with Contributor on the subscription', [anAssignment({ principalId: APP_PRINCIPAL, roleGuid: BUILT_IN_ROLES.contributor.guid })], [], {}, [['LP007', 'high', APP_PRINCIPAL]]],
    ['app identity with its publisher role at the wrong scope', [anAssignment({ principalId: APP_PRINCIPAL, scope: GALLERY_RG_SCOPE, roleGuid: APP_ROLE_GUIDS.publisher })], [], {}, [['LP007', 'high', APP_PRINCIPAL]]],
    ['app identity holding a look-alike of its own role with an extra action', [anAssignment({ principalId: APP_PRINCIPAL, scope: STAGING_SCOPE, roleGuid: GALLERY_ADMIN })], [aCustomDefinition(GALLERY_ADMIN, 'Image Autopilot Build Operator', ['Microsoft.Compute/virtualMachines/write', 'Microsoft.Compute/galleries/delete'], [STAGING_SCOPE])], {}, [['LP007', 'high', APP_PRINCIPAL]]],
    ['app identity with the subnet join role on the staging RG instead of the subnet', [anAssignment({ principalId: APP_PRINCIPAL, scope: STAGING_SCOPE, roleGuid: APP_ROLE_GUIDS.join })], [], {}, [['LP007', 'high', APP_PRINCIPAL]]],
    ['app identity with a data-plane role on its storage account', [anAssignment({ principalId: APP_PRINCIPAL, scope: `${SUB_SCOPE}/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/stapp`, roleGuid: BUILT_IN_ROLES.storageBlobDataContributor.guid })], [], {}, []],
    ['app identity with a data-plane role on the subscription', [anAssignment({ principalId: APP_PRINCIPAL, roleGuid: BUILT_IN_ROLES.storageBlobDataContributor.guid })], [], {}, [['LP007', 'high', APP_PRINCIPAL]]],
    ['assignment of a deleted role definition', [anAssignment({ scope: CAPTURE_SCOPE, roleGuid: VANISHED })], [], {}, [['LP008', 'medium', aPrincipal(1)]]],
    ['Reader inherited from a management group', [anAssignment({ scope: '/providers/Microsoft.Management/managementGroups/corp' })], [], {}, [['LP009', 'low', aPrincipal(1)]]],
    ['Owner inherited from the root', [anAssignment({ scope: '/', roleGuid: BUILT_IN_ROLES.owner.guid })], [], {}, [['LP009', 'low', aPrincipal(1)], ['LP001', 'high', aPrincipal(1)]]],
    ['Owner in another subscription is not evaluated further', [anAssignment({ scope: `/subscriptions/${OTHER_SUB}`, roleGuid: BUILT_IN_ROLES.owner.guid })], [], {}, [['LP009', 'medium', aPrincipal(1)]]],
  ])('%s', (_name, assignments, definitions, catalog, expected) => {
    expect(summaryOf(scan(assignments, { definitions, catalog }))).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'role assignment'],
    ['an assignment without principalId', { id: 'x', scope: SUB_SCOPE, roleDefinitionId: 'y' }],
    ['an assignment with a numeric scope', { id: 'x', scope: 42, roleDefinitionId: 'y', principalId: 'z' }],
    ['an assignment with a scope that is not an ARM scope', { ...anAssignment(), scope: 'subscriptions/nope' }],
  ])('reports %s as malformed (LP010) and carries on', (_name, raw) => {
    const findings = evaluateLeastPrivilege(scan([raw, anAssignment({ principalId: aPrincipal(7), roleGuid: BUILT_IN_ROLES.owner.guid })]));
    expect(findings.map((f) => f.ruleId)).toEqual(['LP010', 'LP001']);
    expect(findings[0]?.message).toMatch(/skipped: /);
  });

  it.each<[string, unknown]>([
    ['without roleName', { id: 'x', permissions: [] }],
    ['with permissions that are not arrays of strings', { id: 'x', roleName: 'r', permissions: [{ actions: [1] }] }],
    ['that is a number', 7],
  ])('reports a role definition %s as malformed (LP010)', (_name, raw) => {
    expect(summaryOf(scan([], { definitions: [raw] }))).toEqual([['LP010', 'medium', null]]);
  });

  it('names at most ten principals in a count finding and counts the rest', () => {
    const message = evaluateLeastPrivilege(scan(users(25))).find((f) => f.ruleId === 'LP003')?.message ?? '';
    expect(message).toMatch(/^25 role assignments go directly to users \(limit 5\): (?:[0-9a-f-]{36}, ){9}[0-9a-f-]{36} and 15 more\.$/);
  });

  it('counts an assignment listed twice (overlapping scans) once', () => {
    const dup = users(6);
    const once = summaryOf(scan(dup));
    expect(summaryOf(scan([...dup, ...dup]))).toEqual(once);
    expect(evaluateLeastPrivilege(scan([...dup, ...dup])).find((f) => f.ruleId === 'LP003')?.message).toMatch(/^6 role assignments/);
  });

  it('a finding has the §7 shape with a stable id from rule, scope, principal and role GUID', () => {
    const [finding] = evaluateLeastPrivilege(scan([anAssignment({ roleGuid: BUILT_IN_ROLES.owner.guid })]));
    expect(finding).toMatchObject({
      id: `LP001:${SUB_SCOPE}:${aPrincipal(1)}:${BUILT_IN_ROLES.owner.guid}`,
      ruleId: 'LP001',
      severity: 'high',
      principalId: aPrincipal(1),
      scope: SUB_SCOPE,
      roleDefinitionId: expect.stringContaining(BUILT_IN_ROLES.owner.guid),
      message: expect.stringContaining("'Owner'"),
      recommendation: expect.stringContaining('allowedPrincipals'),
    });
  });
});

describe('evaluateLeastPrivilege properties', () => {
  const scopes = fc.constantFrom('/', '/providers/Microsoft.Management/managementGroups/corp', SUB_SCOPE, `/subscriptions/${OTHER_SUB}`, GALLERY_RG_SCOPE, GALLERY_SCOPE, STAGING_SCOPE, CAPTURE_SCOPE, 'not-a-scope');
  const roles = fc.constantFrom(...Object.values(BUILT_IN_ROLES).map((r) => r.guid), ...Object.values(APP_ROLE_GUIDS), VANISHED);
  const assignment = fc.record({
    scope: scopes,
    roleGuid: roles,
    principalId: fc.oneof(fc.constant(APP_PRINCIPAL), fc.integer({ min: 1, max: 8 }).map(aPrincipal)),
    principalType: fc.constantFrom('User' as const, 'Group' as const, 'ServicePrincipal' as const, 'Unknown' as const),
  }).map(anAssignment);
  const junk = fc.oneof(fc.anything(), fc.record({ id: fc.string(), scope: fc.string(), roleDefinitionId: fc.string(), principalId: fc.string(), principalType: fc.anything() }));

  it('never throws on arbitrary or malformed data', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(assignment, junk), { maxLength: 20 }), fc.array(fc.oneof(junk, fc.constantFrom(...BUILT_IN_DEFINITIONS)), { maxLength: 6 }), (assignments, definitions) => {
        evaluateLeastPrivilege(scan(assignments, { definitions }));
      }),
    );
  });

  it('the report does not depend on the order ARM listed things in, and ids are unique', () => {
    fc.assert(
      fc.property(fc.uniqueArray(assignment, { selector: (a) => a.id.toLowerCase(), maxLength: 20 }), fc.context(), (assignments, ctx) => {
        const data = { ...scan(assignments), resources: [], now: NOW };
        const forward = buildPolicyReport(data);
        const backward = buildPolicyReport({ ...data, assignments: [...data.assignments].reverse(), roleDefinitions: [...data.roleDefinitions].reverse() });
        ctx.log(JSON.stringify(forward.summary));
        const ids = forward.findings.map((f) => f.id);
        return JSON.stringify(forward) === JSON.stringify(backward) && new Set(ids).size === ids.length;
      }),
    );
  });

  it('adding an assignment never removes a finding about another principal', () => {
    fc.assert(
      fc.property(fc.uniqueArray(assignment, { selector: (a) => a.id.toLowerCase(), maxLength: 15 }), assignment, (assignments, extra) => {
        fc.pre(!assignments.some((a) => a.id.toLowerCase() === extra.id.toLowerCase()));
        const before = evaluateLeastPrivilege(scan(assignments)).filter((f) => f.principalId !== undefined && f.principalId !== extra.principalId).map((f) => f.id);
        const after = new Set(evaluateLeastPrivilege(scan([...assignments, extra])).map((f) => f.id));
        return before.every((id) => after.has(id));
      }),
    );
  });

  it('a principal on the allow-list with any role never gets LP001 or LP006', () => {
    fc.assert(
      fc.property(fc.array(assignment, { maxLength: 15 }), (assignments) => {
        const allowed = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ principalId: aPrincipal(n), roles: [], reason: 'test' }));
        const findings = evaluateLeastPrivilege(scan(assignments, { catalog: { leastPrivilege: { allowedPrincipals: allowed } } }));
        return findings.every((f) => f.ruleId !== 'LP001' && f.ruleId !== 'LP006');
      }),
    );
  });
});
