import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureAdapters, type AzureAdapters } from '../../../../../shared/adapters/azure/createAzureAdapters';
import { startArmEmulator, type ArmEmulator } from '@image-autopilot/azure-offline';
import { GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../../support/builders';

// The prune adapters through the real SDK against the emulated ARM: list shapes, what is filtered, what a PATCH
// touches. (Activities and triggers are tested over typed fakes; this is the seam those fakes stand for.)
const IMAGE = 'ubuntu-web';
const definitionId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${IMAGE}`;

let emulator: ArmEmulator;
let prune: AzureAdapters;

beforeAll(async () => {
  emulator = await startArmEmulator({
    seed: {
      defaults: { subscriptionId: SUBSCRIPTION, location: 'westeurope' },
      resourceGroups: [{ name: 'rg-a' }, { name: 'rg-b' }],
      galleries: [
        {
          resourceGroup: GALLERY_RG,
          name: GALLERY,
          sharing: 'Community',
          images: [{ name: IMAGE, versions: [{ name: '1.0.1', ageDays: 30, targetRegions: ['westeurope', 'eastus'] }, { name: '1.0.2', ageDays: 1 }] }],
        },
      ],
      virtualMachines: [
        { resourceGroup: 'rg-a', name: 'vm-pinned', imageReference: { id: `${definitionId}/versions/1.0.1` } },
        { resourceGroup: 'rg-b', name: 'vm-marketplace' },
      ],
      scaleSets: [{ resourceGroup: 'rg-b', name: 'vmss-latest', location: 'eastus', imageReference: { id: definitionId } }],
    },
  });
  process.env['IDENTITY_ENDPOINT'] = emulator.identityEndpoint;
  process.env['IDENTITY_HEADER'] = emulator.identityHeader;
  const settings = { armEndpoint: emulator.url, caPem: emulator.caPem, clientId: undefined, defaultSubscriptionId: SUBSCRIPTION, maxRetryAfterSeconds: 5 };
  prune = createAzureAdapters(settings);
});

afterAll(async () => {
  await emulator?.stop();
});

describe('usage adapter', () => {
  it('a subscription scope lists VMs and scale sets subscription-wide; marketplace references are left out', async () => {
    const users = await prune.usage.listImageUsers(`/subscriptions/${SUBSCRIPTION}`);
    expect(users.map((u) => [u.kind, u.id.split('/').pop(), u.location, u.imageId.toLowerCase()]).sort()).toEqual([
      ['virtualMachine', 'vm-pinned', 'westeurope', `${definitionId}/versions/1.0.1`.toLowerCase()],
      ['virtualMachineScaleSet', 'vmss-latest', 'eastus', definitionId.toLowerCase()],
    ]);
  });

  it('a resource group scope lists only that group, in any casing', async () => {
    const users = await prune.usage.listImageUsers(`/subscriptions/${SUBSCRIPTION}/RESOURCEGROUPS/rg-b`);
    expect(users.map((u) => u.id.split('/').pop())).toEqual(['vmss-latest']);
  });

  it('a scope that is neither a subscription nor a resource group is BAD_REQUEST', async () => {
    await expect(prune.usage.listImageUsers('/providers/Microsoft.Management/managementGroups/mg')).rejects.toThrow(/^BAD_REQUEST: /);
  });
});
