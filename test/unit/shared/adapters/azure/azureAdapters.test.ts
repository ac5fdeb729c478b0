import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureAdapters, type AzureAdapters } from '../../../../../shared/adapters/azure/createAzureAdapters';
import { PortError } from '../../../../../shared/ports/portError';
import { createClock, startArmEmulator, type ArmEmulator } from '@image-autopilot/azure-offline';
import { aCatalog, CAPTURE_RG, STAGING_RG, SUBNET_ID, SUBSCRIPTION, vmIdOf } from '../../../../support/builders';
import { httpsJson, seedFor } from '../../../../support/stack';

/** The adapters through the real SDK clients against the emulated ARM: same code path as in Azure. */
let arm: ArmEmulator;
let adapters: AzureAdapters;
const catalog = aCatalog();
const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: catalog.gallery.resourceGroup, galleryName: catalog.gallery.name, imageName: 'ubuntu-web' };
const clock = createClock({ mode: 'virtual', start: new Date('2026-11-25T08:00:00Z') });
const control = (method: string, path: string, body?: unknown) => httpsJson(`${arm.url}/_emulator/${path}`, arm.caPem, method, body);
const requests = async () => ((await control('GET', 'requests')).body as { requests: { method: string; path: string; query: Record<string, string>; status: number }[] }).requests;

beforeAll(async () => {
  const seed = seedFor(catalog);
  arm = await startArmEmulator({
    port: 0,
    clock,
    seed: {
      ...seed,
      virtualMachines: [
        { resourceGroup: CAPTURE_RG, name: 'vm-golden', powerState: 'deallocated', osState: 'generalized', deprovisioned: true, tags: { team: 'web' } },
      ],
    },
  });
  // The same settings the app gets: the managed-identity endpoint, and the CA through client options only.
  process.env['IDENTITY_ENDPOINT'] = arm.identityEndpoint;
  process.env['IDENTITY_HEADER'] = arm.identityHeader;
  adapters = createAzureAdapters({ armEndpoint: arm.url, caPem: arm.caPem, clientId: undefined, defaultSubscriptionId: SUBSCRIPTION, maxRetryAfterSeconds: 5 });
});

afterAll(async () => {
  await arm?.stop();
});

describe('gallery adapter', () => {
  it('reads a definition into a compact view', async () => {
    expect(await adapters.gallery.getImageDefinition(ref)).toMatchObject({ name: 'ubuntu-web', osType: 'Linux', osState: 'Generalized', location: 'westeurope' });
  });

  it('starts a version from a VM without waiting, then reads its progress; lists with $expand=ReplicationStatus', async () => {
    await control('DELETE', 'requests');
    await adapters.gallery.startCreateImageVersion(ref, '1.0.0', {
      location: 'westeurope',
      sourceVmId: vmIdOf('vm-golden'),
      targetRegions: [{ name: 'westeurope', replicas: 1, storageAccountType: 'Standard_LRS' }, { name: 'northeurope', replicas: 1 }],
      excludeFromLatest: true,
      tags: { 'autopilot-build': 'abcd1234' },
    });
    const writes = (await requests()).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => r.method)).toEqual(['PUT']);
    const early = await adapters.gallery.getImageVersion(ref, '1.0.0');
    expect(early.provisioningState).not.toBe('Succeeded');
    clock.advance(3600);
    const done = await adapters.gallery.getImageVersion(ref, '1.0.0');
    expect(done).toMatchObject({ provisioningState: 'Succeeded', excludeFromLatest: true, tags: { 'autopilot-build': 'abcd1234' } });
    expect(done.replication.regions.map((r) => [r.region, r.state]).sort()).toEqual([['northeurope', 'Completed'], ['westeurope', 'Completed']]);
    expect(done.targetRegions.map((r) => r.name).sort()).toEqual(['northeurope', 'westeurope']);

    await control('DELETE', 'requests');
    const listed = await adapters.gallery.listImageVersions(ref);
    expect(listed.find((v) => v.name === '1.0.0')?.replication.state).toBe('Completed');
    const [list] = await requests();
    expect(list?.query['$expand']).toBe('ReplicationStatus');
  });

  it('re-publishing an existing version is refused (create-only PUT: CONFLICT), never rewritten', async () => {
    const spec = {
      location: 'westeurope',
      sourceVmId: vmIdOf('vm-golden'),
      targetRegions: [{ name: 'westeurope', replicas: 1 }],
      excludeFromLatest: true,
      tags: {},
    };
    await adapters.gallery.startCreateImageVersion(ref, '1.5.0', spec);
    clock.advance(3600);
    await control('POST', 'seed', {
      virtualMachines: [{ resourceGroup: CAPTURE_RG, name: 'vm-other', powerState: 'deallocated', osState: 'generalized', deprovisioned: true }],
      defaultPlatformImages: false,
    });
    await expect(
      adapters.gallery.startCreateImageVersion(ref, '1.5.0', {
        location: 'westeurope',
        sourceVmId: vmIdOf('vm-other'),
        targetRegions: [{ name: 'westeurope', replicas: 1 }],
        excludeFromLatest: true,
        tags: { 'autopilot-build': 'other' },
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await adapters.gallery.getImageVersion(ref, '1.5.0')).tags).toEqual({});
  });

  it('a missing version is NOT_FOUND', async () => {
    await expect(adapters.gallery.getImageVersion(ref, '9.9.9')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('listing the versions of a definition that does not exist is NOT_FOUND in our words, not the SDK pager’s', async () => {
    const error: unknown = await adapters.gallery.listImageVersions({ ...ref, imageName: 'not-created-yet' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
    expect(error instanceof Error ? error.message : '').toMatch(/^NOT_FOUND: list versions of [^ ]+\/not-created-yet: \w+: ARM answered HTTP 404$/);
  });
});

describe('compute adapter', () => {
  it('creates a build VM with inline NIC and delete options, reads its instance view, deletes it with NIC and disk', async () => {
    const name = 'iab12345678';
    const vmId = vmIdOf(name, STAGING_RG);
    await adapters.compute.startCreateVm({
      subscriptionId: SUBSCRIPTION,
      resourceGroup: STAGING_RG,
      name,
      location: 'westeurope',
      vmSize: 'Standard_D2s_v5',
      subnetId: SUBNET_ID,
      osType: 'Linux',
      image: { type: 'marketplace', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: '22.4.202611010' },
      tags: { 'autopilot-build': '12345678' },
    });
    clock.advance(120);
    const vm = await adapters.compute.getVm(vmId);
    expect(vm).toMatchObject({ name, provisioningState: 'Succeeded', powerState: 'running', osType: 'Linux', tags: { 'autopilot-build': '12345678' } });
    expect(vm.imageReference).toEqual({ publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: '22.4.202611010', exactVersion: '22.4.202611010' });
    expect((await adapters.compute.listVms(SUBSCRIPTION, STAGING_RG)).map((v) => v.name)).toContain(name);

    await adapters.compute.startRunCommand(vmId, 'autopilot-step-1', { location: 'westeurope', script: ['echo hi'], timeoutSeconds: 60, asyncExecution: true });
    clock.advance(600);
    expect(await adapters.compute.getRunCommand(vmId, 'autopilot-step-1')).toMatchObject({ executionState: 'Succeeded', exitCode: 0 });

    const attached = async () => {
      const state = (await control('GET', 'state')).body as { resources: Record<string, { id: string }> };
      return Object.values(state.resources).filter((r) => r.id.toLowerCase().includes(`/${name}`)).map((r) => r.id.split('/providers/')[1]?.split('/')[1]);
    };
    expect([...new Set(await attached())].sort()).toEqual(['disks', 'networkInterfaces', 'virtualMachines']);
    await adapters.compute.startDeleteVm(vmId);
    clock.advance(600);
    await expect(adapters.compute.getVm(vmId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await attached()).toEqual([]);
  });

  it('lists platform image versions', async () => {
    expect(await adapters.compute.listPlatformImageVersions('westeurope', 'Canonical', '0001-com-ubuntu-server-jammy', '22_04-lts-gen2')).toEqual(
      expect.arrayContaining(['22.4.202610010', '22.4.202611010']),
    );
  });
});

describe('Retry-After cap', () => {
  it('a short Retry-After is waited out inside the SDK and the call succeeds', async () => {
    await control('POST', 'faults', { method: 'GET', path: '/images/ubuntu-web', status: 429, retryAfter: 1, count: 1 });
    expect((await adapters.gallery.getImageDefinition(ref)).name).toBe('ubuntu-web');
  });

  it('a Retry-After beyond the cap comes back at once as THROTTLED with the wait', async () => {
    await control('DELETE', 'requests');
    await control('POST', 'faults', { method: 'GET', path: '/images/ubuntu-web', status: 429, retryAfter: 600, count: 1 });
    const error: unknown = await adapters.gallery.getImageDefinition(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortError);
    expect(error).toMatchObject({ code: 'THROTTLED', retryAfterSeconds: 600 });
    expect(await requests()).toHaveLength(1);
  });
});
