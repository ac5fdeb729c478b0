import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyScanInputFor } from '../../../../functions/triggers/policyScanInput';
import { createComputeClientFactory } from '../../../../shared/adapters/azure/createAzureAdapters';
import { createRoleAssignmentAdapter } from '../../../../shared/adapters/azure/roleAssignmentAdapter';
import { createGalleryInventoryAdapter } from '../../../../shared/adapters/azure/galleryInventoryAdapter';
import type { RoleAssignmentItem, RoleAssignmentPort, RoleDefinitionItem } from '../../../../shared/ports/roleAssignmentPort';
import type { GalleryInventoryPort } from '../../../../shared/ports/galleryInventoryPort';
import { PortError } from '../../../../shared/ports/portError';
import { startArmEmulator, type ArmEmulator } from '@image-autopilot/azure-offline';
import { APP_PRINCIPAL, APP_ROLES, GALLERY_SCOPE, SUB, SUB_SCOPE, aCatalog, aPrincipal } from '../../shared/domain/policy/policyBuilders';
import { createListPolicyNamesActivity } from '../../../../functions/activities/listPolicyNames';
import { createReadPolicyRbacActivity } from '../../../../functions/activities/readPolicyRbac';
import { planPolicyReport } from '../../../../functions/activities/planPolicyReport';

const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'emulator-accepts-any-bearer', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

const catalog = aCatalog({ imageNames: ['ubuntu-base', 'not-created-yet'], leastPrivilege: { appPrincipalId: APP_PRINCIPAL } });

let arm: ArmEmulator;
let rbac: RoleAssignmentPort;
let galleryInventory: GalleryInventoryPort;

beforeAll(async () => {
  arm = await startArmEmulator({
    seed: {
      defaults: { subscriptionId: SUB, location: 'westeurope' },
      resourceGroups: [{ subscriptionId: SUB, name: 'rg-images', location: 'westeurope' }, { subscriptionId: SUB, name: 'rg-staging', location: 'westeurope' }],
      galleries: [
        { resourceGroup: 'rg-images', name: 'gal_main', images: [{ name: 'ubuntu-base', versions: [{ name: '1.0.0' }, { name: '1.3000000000.0' }] }, { name: 'no-versions-yet' }] },
        { resourceGroup: 'rg-legacy', name: 'LegacyImages', images: [{ name: 'Win2019_Custom', versions: [{ name: '0.0.1' }] }] },
      ],
      roleAssignments: [
        { scope: SUB_SCOPE, roleName: 'Owner', principalId: aPrincipal(1), principalType: 'User' },
        { scope: `${SUB_SCOPE}/resourceGroups/rg-staging`, roleName: 'Reader', principalId: aPrincipal(2), principalType: 'Group' },
      ],
      defaultPlatformImages: false,
    },
  });
  rbac = createRoleAssignmentAdapter({ armEndpoint: arm.url, caPem: arm.caPem, subscriptionId: SUB }, credential);
  const settings = { armEndpoint: arm.url, caPem: arm.caPem, clientId: undefined, defaultSubscriptionId: SUB, maxRetryAfterSeconds: 30 };
  galleryInventory = createGalleryInventoryAdapter(createComputeClientFactory(settings, credential));
});

afterAll(async () => {
  await arm.stop();
});

/** A RoleAssignmentPort over fixed data that records which definitions were fetched by ID. */
class FixedRbac implements RoleAssignmentPort {
  readonly fetched: string[] = [];
  constructor(
    private readonly assignments: RoleAssignmentItem[],
    private readonly listed: RoleDefinitionItem[],
    private readonly byId: Record<string, RoleDefinitionItem>,
  ) {}
  async listRoleAssignments(): Promise<RoleAssignmentItem[]> {
    return this.assignments;
  }
  async listRoleDefinitions(): Promise<RoleDefinitionItem[]> {
    return this.listed;
  }
  async getRoleDefinitionById(id: string): Promise<RoleDefinitionItem | null> {
    this.fetched.push(id);
    return this.byId[id.split('/').pop() ?? ''] ?? null;
  }
}

const defId = (guid: string) => `${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

describe('readPolicyRbac', () => {
  it('fetches each referenced definition the list missed once, and drops the ones that no longer exist', async () => {
    const port = new FixedRbac(
      [
        { id: 'a1', scope: SUB_SCOPE, roleDefinitionId: defId('listed'), principalId: aPrincipal(1) },
        { id: 'a2', scope: SUB_SCOPE, roleDefinitionId: defId('rg-only'), principalId: aPrincipal(2) },
        { id: 'a3', scope: SUB_SCOPE, roleDefinitionId: defId('RG-ONLY'), principalId: aPrincipal(3) },
        { id: 'a4', scope: SUB_SCOPE, roleDefinitionId: defId('deleted'), principalId: aPrincipal(4) },
        { id: 'a5', scope: SUB_SCOPE, principalId: aPrincipal(5) },
      ],
      [{ id: defId('listed'), roleName: 'Listed' }],
      { 'rg-only': { id: defId('rg-only'), roleName: 'RG Only' } },
    );
    const out = await createReadPolicyRbacActivity({ roleAssignments: port })({ scope: SUB_SCOPE });
    expect(port.fetched.map((id) => id.split('/').pop())).toEqual(['rg-only', 'deleted']);
    expect(out.roleDefinitions.map((d) => d.roleName)).toEqual(['Listed', 'RG Only']);
    expect(out.assignments).toHaveLength(5);
  });

  it('reads assignments and definitions from ARM through the real adapter', async () => {
    const out = await createReadPolicyRbacActivity({ roleAssignments: rbac })({ scope: SUB_SCOPE });
    expect(out.assignments.map((a) => a.principalId).sort()).toEqual([aPrincipal(1), aPrincipal(2)]);
    expect(out.roleDefinitions.some((d) => d.roleName === 'Owner')).toBe(true);
  });
});

describe('listPolicyNames', () => {
  it('lists every gallery of the subscription with its definitions and versions, managed by the catalog or not', async () => {
    const names = await createListPolicyNamesActivity({ galleryInventory })({ subscriptionId: SUB });
    expect(names.map((n) => [n.kind, n.name]).sort()).toEqual(
      [
        ['gallery', 'LegacyImages'],
        ['imageDefinition', 'Win2019_Custom'],
        ['version', '0.0.1'],
        ['gallery', 'gal_main'],
        ['imageDefinition', 'ubuntu-base'],
        ['imageDefinition', 'no-versions-yet'],
        ['version', '1.0.0'],
        ['version', '1.3000000000.0'],
      ].sort(),
    );
    expect(names.find((n) => n.name === 'gal_main')?.id.toLowerCase()).toBe(GALLERY_SCOPE.toLowerCase());
    expect(names.find((n) => n.name === '1.3000000000.0')?.id.toLowerCase()).toBe(`${GALLERY_SCOPE}/images/ubuntu-base/versions/1.3000000000.0`.toLowerCase());
  });

  it('skips a gallery deleted between the listing and its children, and fails on anything else', async () => {
    const gone: GalleryInventoryPort = {
      listGalleries: async () => [{ id: GALLERY_SCOPE, name: 'gal_main' }],
      listImageDefinitions: async () => {
        throw new PortError('NOT_FOUND', 'gallery vanished');
      },
      listImageVersions: async () => [],
    };
    expect(await createListPolicyNamesActivity({ galleryInventory: gone })({ subscriptionId: SUB })).toEqual([{ kind: 'gallery', name: 'gal_main', id: GALLERY_SCOPE }]);
    const broken: GalleryInventoryPort = { ...gone, listImageDefinitions: async () => { throw new PortError('FORBIDDEN', 'no read'); } };
    await expect(createListPolicyNamesActivity({ galleryInventory: broken })({ subscriptionId: SUB })).rejects.toThrow(/^FORBIDDEN: /);
  });
});

describe('planPolicyReport over what the read activities returned', () => {
  it('reports the over-privileged user, the version whose minor overflows int32 and the off-convention legacy gallery, and nothing about the group reader', async () => {
    const input = policyScanInputFor({ ...catalog, policy: catalog.policy }, APP_ROLES, 'http');
    const rbacState = await createReadPolicyRbacActivity({ roleAssignments: rbac })({ scope: SUB_SCOPE });
    const resources = await createListPolicyNamesActivity({ galleryInventory })({ subscriptionId: SUB });
    const report = planPolicyReport({ ...input, ...rbacState, resources, now: '2026-11-25T20:00:00.000Z' });
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.principalId ?? f.resource?.split('/').pop()])).toEqual([
      ['LP001', 'high', aPrincipal(1)],
      ['NM001', 'medium', '1.3000000000.0'],
      // Sorted by id: after the shared gallery prefix, the definition's `/images…` sorts before the gallery's `::`.
      ['NM002', 'low', 'Win2019_Custom'],
      ['NM002', 'low', 'LegacyImages'],
    ]);
    expect(report.summary).toEqual({ high: 1, medium: 1, low: 2 });
  });
});
