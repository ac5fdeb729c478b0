import type { DeclaredAppRole } from '../../shared/domain/policy/appRoles';
import { BUILT_IN_ROLES } from '../../shared/domain/policy/builtInRoles';
import type { PolicyScanData } from '../../shared/domain/policy/buildPolicyReport';
import type { RoleDefinitionRecord } from '../../shared/domain/policy/rbacRecords';
import { aCatalog, GALLERY, GALLERY_RG, STAGING_RG, SUBNET_ID, SUBSCRIPTION } from './builders';

/**
 * A deterministic estate of `size` listed role assignments for the policy scan: the gallery's subscription plus two
 * others holding capture and usage scopes, built-in and custom roles (wildcards, gallery writers, deleted ones),
 * principals with several assignments each, users, an allow-list, the app's own identity, inherited and foreign
 * scopes, mixed casing, overlapping listings (the same assignment returned twice) and a few malformed records, so
 * every rule of the least-privilege evaluation runs at scale. No randomness: the same size gives the same data.
 */
const CAPTURE_SUB = '00000000-0000-4000-8000-0000000000c1';
const USAGE_SUB = '00000000-0000-4000-8000-0000000000c2';
const UNSCANNED_SUB = '00000000-0000-4000-8000-0000000000ff';
const APP_PRINCIPAL = '11111111-1111-4111-8111-111111111111';
const MANAGEMENT_GROUP = '/providers/Microsoft.Management/managementGroups/corp';
const CUSTOM_ROLES = 24;

const sub = (id: string) => `/subscriptions/${id}`;
const definitionId = (subscription: string, guid: string) => `${sub(subscription)}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const customGuid = (n: number) => `cccccccc-0000-4000-8000-${hex(n, 12)}`;
const principal = (n: number) => `22222222-2222-4222-8222-${hex(n, 12)}`;

const GALLERY_ACTIONS = ['Microsoft.Compute/galleries/read', 'Microsoft.Compute/galleries/images/versions/write', 'Microsoft.Compute/galleries/images/versions/delete'];
const APP_ROLES: DeclaredAppRole[] = [
  { roleName: 'Image Autopilot Image Publisher', assignTo: 'gallery', permissions: [{ actions: GALLERY_ACTIONS, notActions: [] }] },
  { roleName: 'Image Autopilot Build Operator', assignTo: 'stagingResourceGroup', permissions: [{ actions: ['Microsoft.Compute/virtualMachines/write'], notActions: [] }] },
  { roleName: 'Image Autopilot Reader', assignTo: 'otherSubscriptions', permissions: [{ actions: ['Microsoft.Authorization/roleAssignments/read'], notActions: [] }] },
];

function builtIns(subscription: string): RoleDefinitionRecord[] {
  const builtIn = (role: { guid: string; roleName: string }, actions: string[], notActions: string[] = []): RoleDefinitionRecord => ({
    id: definitionId(subscription, role.guid), roleName: role.roleName, roleType: 'BuiltInRole', permissions: [{ actions, notActions }], assignableScopes: ['/'],
  });
  return [
    builtIn(BUILT_IN_ROLES.owner, ['*']),
    builtIn(BUILT_IN_ROLES.contributor, ['*'], ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write']),
    builtIn(BUILT_IN_ROLES.userAccessAdministrator, ['*/read', 'Microsoft.Authorization/*']),
    builtIn(BUILT_IN_ROLES.reader, ['*/read']),
    builtIn(BUILT_IN_ROLES.storageBlobDataContributor, ['Microsoft.Storage/storageAccounts/blobServices/containers/read']),
  ];
}

/** Custom roles differ per subscription; a few allow wildcards or write to galleries, one is malformed. */
function customs(subscription: string, offset: number): unknown[] {
  const out: unknown[] = [];
  for (let r = 0; r < CUSTOM_ROLES; r++) {
    const actions = r % 6 === 0 ? ['*'] : r % 6 === 1 ? ['Microsoft.Compute/*'] : r % 6 === 2 ? GALLERY_ACTIONS : r % 6 === 3 ? ['Microsoft.Compute/galleries/*/write'] : ['Microsoft.Storage/storageAccounts/read', 'Microsoft.Network/*/read'];
    const assignableScopes = r % 4 === 0 ? [sub(subscription), MANAGEMENT_GROUP] : [`${sub(subscription)}/resourceGroups/rg-${r}`];
    out.push({ id: definitionId(subscription, customGuid(offset + r)), roleName: `Custom ${offset + r}`, roleType: 'CustomRole', permissions: [{ actions, notActions: [] }], assignableScopes });
  }
  out.push({ id: definitionId(subscription, customGuid(offset + 99)), roleName: 'Broken', permissions: 'none' });
  return out;
}

function appDefinitions(): RoleDefinitionRecord[] {
  return APP_ROLES.map((role, r) => ({
    id: definitionId(SUBSCRIPTION, customGuid(900 + r)), roleName: `${role.roleName}-dev`, roleType: 'CustomRole', permissions: role.permissions.map((b) => ({ ...b, actions: [...b.actions] })), assignableScopes: [sub(SUBSCRIPTION)],
  }));
}

const BUILT_IN_GUIDS = [BUILT_IN_ROLES.owner.guid, BUILT_IN_ROLES.contributor.guid, BUILT_IN_ROLES.reader.guid, BUILT_IN_ROLES.reader.guid, BUILT_IN_ROLES.userAccessAdministrator.guid, BUILT_IN_ROLES.storageBlobDataContributor.guid];
const PRINCIPAL_TYPES = ['ServicePrincipal', 'Group', 'User', 'ServicePrincipal', 'servicePrincipal', 'Device'];

/** The i-th assignment listed in `subscription`: a pure function of i, so any size is reproducible. */
function assignment(i: number, subscription: string, customOffset: number, principals: number): unknown {
  if (i % 997 === 13) return { id: `${sub(subscription)}/providers/Microsoft.Authorization/roleAssignments/bad-${i}`, scope: sub(subscription), principalId: '' };
  const h = Math.imul(i ^ (i >>> 7), 2654435761) >>> 0;
  const base = sub(subscription);
  const rg = `${base}/resourceGroups/rg-${h % 40}`;
  const scopes = [
    base,
    rg,
    `${rg}/providers/Microsoft.Storage/storageAccounts/st${h % 500}`,
    `${base}/resourceGroups/${GALLERY_RG}`,
    `${base}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}`,
    `${base}/resourceGroups/${STAGING_RG}`,
    MANAGEMENT_GROUP,
    '/',
    sub(UNSCANNED_SUB),
    `${rg}/providers/Microsoft.Compute/virtualMachines/vm${h % 300}`,
  ];
  let scope = scopes[(h >>> 3) % scopes.length] ?? base;
  if (i % 11 === 0) scope = scope.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
  if (i % 53 === 0) scope = `/${scope}/`;
  const custom = (h >>> 9) % 3 === 0;
  const guid = custom ? ((h >>> 11) % 17 === 0 ? customGuid(5000 + (h % 7)) : customGuid(customOffset + ((h >>> 13) % CUSTOM_ROLES))) : BUILT_IN_GUIDS[(h >>> 13) % BUILT_IN_GUIDS.length] ?? BUILT_IN_ROLES.reader.guid;
  const who = i % 4001 === 7 ? APP_PRINCIPAL : principal((h >>> 5) % principals);
  const idScope = scope === '/' ? '' : scope.replace(/\/+$/, '');
  return {
    id: `${idScope}/providers/Microsoft.Authorization/roleAssignments/${hex(i, 8)}-${subscription.slice(-2)}-${hex(h, 8)}`,
    scope,
    roleDefinitionId: definitionId(subscription, i % 7 === 0 ? guid.toUpperCase() : guid),
    principalId: i % 13 === 0 ? who.toUpperCase() : who,
    principalType: PRINCIPAL_TYPES[(h >>> 17) % PRINCIPAL_TYPES.length],
  };
}

export function policyEstate(size: number): PolicyScanData {
  const principals = Math.max(1, Math.floor(size / 4));
  const listings = [
    { subscription: SUBSCRIPTION, share: 0.6, offset: 0 },
    { subscription: CAPTURE_SUB, share: 0.2, offset: 100 },
    { subscription: USAGE_SUB, share: 0.2, offset: 200 },
  ];
  const lists = listings.map(({ subscription, share, offset }) => {
    const count = Math.round(size * share);
    const assignments: unknown[] = [];
    for (let i = 0; i < count; i++) {
      // Scans list overlapping scopes: every 50th assignment comes back a second time.
      assignments.push(i > 0 && i % 50 === 0 ? assignment(i - 1, subscription, offset, principals) : assignment(i, subscription, offset, principals));
    }
    return { scope: sub(subscription), assignments, roleDefinitions: [...builtIns(subscription), ...customs(subscription, offset), ...(subscription === SUBSCRIPTION ? appDefinitions() : [])] };
  });
  const [gallery, ...others] = lists;
  const base = aCatalog();
  return {
    catalog: {
      gallery: base.gallery,
      staging: { ...base.staging, subnetId: SUBNET_ID },
      scopes: { capture: [`${sub(SUBSCRIPTION)}/resourceGroups/rg-capture`, `${sub(CAPTURE_SUB)}/resourceGroups/rg-work`], usage: [sub(SUBSCRIPTION), sub(USAGE_SUB)] },
      policy: {
        ...base.policy,
        leastPrivilege: {
          allowedPrincipals: [
            { principalId: principal(1), roles: [], reason: 'break-glass' },
            { principalId: principal(2).toUpperCase(), roles: ['Contributor', BUILT_IN_ROLES.owner.guid], reason: 'platform team' },
            { principalId: principal(3), roles: [definitionId(SUBSCRIPTION, customGuid(1))], reason: 'image pipeline' },
          ],
          appPrincipalId: APP_PRINCIPAL,
          maxSubscriptionOwners: 3,
          maxDirectUserAssignments: 5,
        },
      },
    },
    assignments: gallery?.assignments ?? [],
    roleDefinitions: gallery?.roleDefinitions ?? [],
    appRoles: APP_ROLES,
    otherSubscriptions: others,
    resources: [],
    now: '2026-12-01T05:00:00.000Z',
  };
}
