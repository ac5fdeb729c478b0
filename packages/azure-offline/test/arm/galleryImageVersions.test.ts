import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestError } from '@azure/core-rest-pipeline';
import type { SeedDocument } from '../../src/arm/index';
import { completeOnClock, createGallery, createImage, FAST_POLL, galleryBody, imageBody, LOCATION, startForTest, SUB, uniqueName, versionFromVmBody, vmBody, type ArmTestContext } from './armTestKit';

const PROVISIONING = 30;
const PER_REGION = 120;
let t: ArmTestContext;

/** A build VM left the way the pipeline leaves it: deprovisioned, deallocated, generalized. */
function capturedVm(name: string, overrides: { powerState?: 'running' | 'deallocated'; osState?: 'generalized' | 'specialized'; location?: string } = {}) {
  return { resourceGroup: 'staging', name, powerState: overrides.powerState ?? 'deallocated', osState: overrides.osState ?? 'generalized', location: overrides.location ?? LOCATION } as const;
}

const seed: SeedDocument = {
  resourceGroups: [{ name: 'images' }, { name: 'staging' }],
  virtualMachines: [capturedVm('vm-ready'), capturedVm('vm-running', { powerState: 'running' }), capturedVm('vm-special', { osState: 'specialized' }), capturedVm('vm-far', { location: 'eastus' })],
};

beforeAll(async () => {
  t = await startForTest({ seed, provisioningSeconds: PROVISIONING, replicationSecondsPerRegion: PER_REGION });
});
afterAll(async () => {
  await t.emulator.stop();
});

const vmId = (name: string) => `/subscriptions/${SUB}/resourceGroups/staging/providers/Microsoft.Compute/virtualMachines/${name}`;

async function galleryWithImage(): Promise<{ gallery: string; image: string }> {
  const gallery = uniqueName('gal');
  await createGallery(t, 'images', gallery, galleryBody(), PROVISIONING);
  await createImage(t, 'images', gallery, 'web', imageBody(), PROVISIONING);
  return { gallery, image: 'web' };
}

describe('gallery image versions through @azure/arm-compute', () => {
  it('captures a generalized VM, replicates region by region on the clock, adds a region, and deletes', async () => {
    const { gallery, image } = await galleryWithImage();
    const started = t.emulator.clock.now();
    const poller = t.compute.galleryImageVersions.createOrUpdate('images', gallery, image, '1.20261125.1', versionFromVmBody(vmId('vm-ready'), [LOCATION, 'northeurope', 'swedencentral']), FAST_POLL);
    await poller.submitted();
    const creating = await t.compute.galleryImageVersions.get('images', gallery, image, '1.20261125.1');
    expect(creating.provisioningState).toBe('Creating');

    t.emulator.clock.advance(PROVISIONING);
    const created = await poller;
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.publishingProfile?.publishedDate?.toISOString()).toBe(started.toISOString());
    expect(created.tags).toEqual({ 'autopilot-build': 'abcd1234' });

    const afterProvisioning = await t.compute.galleryImageVersions.get('images', gallery, image, '1.20261125.1', { expand: 'ReplicationStatus' });
    expect(afterProvisioning.replicationStatus?.aggregatedState).toBe('InProgress');
    // As in GalleryImageVersion_Get_WithReplicationStatus: the summary names each region by its display name.
    expect(afterProvisioning.replicationStatus?.summary?.map((s) => [s.region, s.state])).toEqual([
      ['West Europe', 'Completed'],
      ['North Europe', 'Replicating'],
      ['Sweden Central', 'Replicating'],
    ]);

    t.emulator.clock.advance(PER_REGION);
    const oneMore = await t.compute.galleryImageVersions.get('images', gallery, image, '1.20261125.1', { expand: 'ReplicationStatus' });
    expect(oneMore.replicationStatus?.summary?.map((s) => s.state)).toEqual(['Completed', 'Completed', 'Replicating']);

    t.emulator.clock.advance(PER_REGION);
    const listed = [];
    for await (const v of t.compute.galleryImageVersions.listByGalleryImage('images', gallery, image)) listed.push(v);
    expect(listed.map((v) => v.name)).toEqual(['1.20261125.1']);
    // The SDK's list sends no $expand; the generic client of the same SDK core shows the server honours it on lists.
    const expanded = await t.rest.pathUnchecked(`/subscriptions/${SUB}/resourceGroups/images/providers/Microsoft.Compute/galleries/${gallery}/images/${image}/versions`).get({ queryParameters: { 'api-version': '2025-03-03', $expand: 'ReplicationStatus' } });
    expect((expanded.body as { value: { properties: { replicationStatus: { aggregatedState: string } } }[] }).value.map((v) => v.properties.replicationStatus.aggregatedState)).toEqual(['Completed']);
    const done = await t.compute.galleryImageVersions.get('images', gallery, image, '1.20261125.1', { expand: 'ReplicationStatus' });
    expect(done.replicationStatus?.aggregatedState).toBe('Completed');

    const updated = await t.compute.galleryImageVersions.update(
      'images', gallery, image, '1.20261125.1',
      { publishingProfile: { targetRegions: [LOCATION, 'northeurope', 'swedencentral', 'eastus'].map((name) => ({ name })) } },
      FAST_POLL,
    );
    expect(updated.publishingProfile?.targetRegions?.map((r) => r.name)).toEqual([LOCATION, 'northeurope', 'swedencentral', 'eastus']);
    const widened = await t.compute.galleryImageVersions.get('images', gallery, image, '1.20261125.1', { expand: 'ReplicationStatus' });
    expect(widened.replicationStatus?.summary?.find((s) => s.region === 'East US')?.state).toBe('Replicating');

    await completeOnClock(t.compute.galleryImageVersions.delete('images', gallery, image, '1.20261125.1', FAST_POLL), t.emulator, PROVISIONING);
    const gone = await t.compute.galleryImageVersions.get('images', gallery, image, '1.20261125.1').catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(RestError);
    expect(gone).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it.each([
    ['a running VM', 'vm-running', 409, 'OperationNotAllowed'],
    ['a specialized VM for a Generalized definition', 'vm-special', 400, 'InvalidParameter'],
    ['a VM outside the gallery region', 'vm-far', 400, 'InvalidParameter'],
    ['a VM that does not exist', 'vm-missing', 400, 'InvalidParameter'],
  ])('refuses to capture %s', async (_what, vm, statusCode, code) => {
    const { gallery, image } = await galleryWithImage();
    await expect(t.compute.galleryImageVersions.createOrUpdate('images', gallery, image, '1.0.0', versionFromVmBody(vmId(vm)), FAST_POLL)).rejects.toMatchObject({ statusCode, code });
  });

  it.each([['1.0'], ['1.0.0.0'], ['1.2147483648.0'], ['v1.0.0'], ['1.-1.0']])('rejects the version name %s with 400 InvalidParameter', async (name) => {
    const { gallery, image } = await galleryWithImage();
    await expect(t.compute.galleryImageVersions.createOrUpdate('images', gallery, image, name, versionFromVmBody(vmId('vm-ready')), FAST_POLL)).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  });

  it('requires the gallery region among the target regions', async () => {
    const { gallery, image } = await galleryWithImage();
    const result = t.compute.galleryImageVersions.createOrUpdate('images', gallery, image, '1.0.0', versionFromVmBody(vmId('vm-ready'), ['northeurope']), FAST_POLL);
    await expect(result).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter', message: expect.stringContaining(LOCATION) });
  });

  it('refuses to re-publish an existing version with a different source, and to delete a definition that has versions', async () => {
    const { gallery, image } = await galleryWithImage();
    await completeOnClock(t.compute.galleryImageVersions.createOrUpdate('images', gallery, image, '2.0.0', versionFromVmBody(vmId('vm-ready')), FAST_POLL), t.emulator, PROVISIONING);
    const other = versionFromVmBody(`/subscriptions/${SUB}/resourceGroups/images/providers/Microsoft.Compute/galleries/${gallery}/images/${image}/versions/2.0.0`);
    await expect(t.compute.galleryImageVersions.createOrUpdate('images', gallery, image, '2.0.0', { ...other, storageProfile: { source: { id: other.storageProfile?.source?.virtualMachineId ?? '' } } }, FAST_POLL)).rejects.toMatchObject({
      statusCode: 409,
      code: 'PropertyChangeNotAllowed',
    });
    await expect(t.compute.galleryImages.delete('images', gallery, image, FAST_POLL)).rejects.toMatchObject({ statusCode: 409, code: 'CannotDeleteResource' });
  });

  it('answers a create-only PUT (If-None-Match: *) of an existing version with 412 and leaves it as it was', async () => {
    const { gallery, image } = await galleryWithImage();
    const createOnly = { ...FAST_POLL, requestOptions: { headers: { 'if-none-match': '*' } } };
    await completeOnClock(t.compute.galleryImageVersions.createOrUpdate('images', gallery, image, '3.0.0', versionFromVmBody(vmId('vm-ready')), createOnly), t.emulator, PROVISIONING);
    const again = { ...versionFromVmBody(vmId('vm-ready')), tags: { marker: 'second' } };
    await expect(t.compute.galleryImageVersions.createOrUpdate('images', gallery, image, '3.0.0', again, createOnly)).rejects.toMatchObject({ statusCode: 412, code: 'PreconditionFailed' });
    const version = await t.compute.galleryImageVersions.get('images', gallery, image, '3.0.0');
    expect(version.tags?.marker).toBeUndefined();
    expect(version.provisioningState).toBe('Succeeded');
  });

  it('updates excludeFromLatest and endOfLifeDate, and blocks deletion before end of life when the safety profile says so', async () => {
    const { gallery, image } = await galleryWithImage();
    const eol = new Date(t.emulator.clock.now().getTime() + 10 * 86400_000);
    const body = { ...versionFromVmBody(vmId('vm-ready'), [LOCATION], { endOfLifeDate: eol }), safetyProfile: { blockDeletionBeforeEndOfLife: true } };
    await completeOnClock(t.compute.galleryImageVersions.createOrUpdate('images', gallery, image, '3.0.0', body, FAST_POLL), t.emulator, PROVISIONING);
    const patched = await t.compute.galleryImageVersions.update('images', gallery, image, '3.0.0', { publishingProfile: { excludeFromLatest: true } }, FAST_POLL);
    expect(patched.publishingProfile?.excludeFromLatest).toBe(true);
    expect(patched.publishingProfile?.endOfLifeDate?.toISOString()).toBe(eol.toISOString());

    await expect(t.compute.galleryImageVersions.delete('images', gallery, image, '3.0.0', FAST_POLL)).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    t.emulator.clock.advance(11 * 86400);
    await completeOnClock(t.compute.galleryImageVersions.delete('images', gallery, image, '3.0.0', FAST_POLL), t.emulator, PROVISIONING);
  });

  it('creates VMs only where a version has replicated, and resolves a definition to its latest there', async () => {
    const gallery = uniqueName('gal');
    const seeded = await t.rest.pathUnchecked('/_emulator/seed').post({
      body: {
        galleries: [{ resourceGroup: 'images', name: gallery, images: [{ name: 'web', versions: [
          { name: '1.0.0', targetRegions: [LOCATION, 'eastus'] },
          { name: '1.1.0', targetRegions: [LOCATION, 'eastus'], replication: { eastus: 'InProgress' } },
          { name: '1.2.0', targetRegions: [LOCATION, 'eastus'], excludeFromLatest: true },
        ] }] }],
      },
    });
    expect(seeded.status).toBe('200');
    const imageId = `/subscriptions/${SUB}/resourceGroups/images/providers/Microsoft.Compute/galleries/${gallery}/images/web`;
    const vm = (name: string, location: string, id: string) => ({ ...vmBody(name, { id }), location });
    const inEastUs = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', 'app-east', vm('app-east', 'eastus', imageId), FAST_POLL), t.emulator, PROVISIONING);
    expect(inEastUs.storageProfile?.imageReference).toMatchObject({ id: imageId, exactVersion: '1.0.0' });
    const inWestEurope = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', 'app-west', vm('app-west', LOCATION, imageId), FAST_POLL), t.emulator, PROVISIONING);
    expect(inWestEurope.storageProfile?.imageReference?.exactVersion).toBe('1.1.0');
    await expect(t.compute.virtualMachines.createOrUpdate('staging', 'app-east2', vm('app-east2', 'eastus', `${imageId}/versions/1.1.0`), FAST_POLL)).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter', message: expect.stringContaining('not replicated') });
  });

  it('captures from another version', async () => {
    const { gallery, image } = await galleryWithImage();
    await completeOnClock(t.compute.galleryImageVersions.createOrUpdate('images', gallery, image, '4.0.0', versionFromVmBody(vmId('vm-ready')), FAST_POLL), t.emulator, PROVISIONING);
    const sourceId = `/subscriptions/${SUB}/resourceGroups/images/providers/Microsoft.Compute/galleries/${gallery}/images/${image}/versions/4.0.0`;
    const copy = await completeOnClock(
      t.compute.galleryImageVersions.createOrUpdate('images', gallery, image, '4.0.1', { location: LOCATION, storageProfile: { source: { id: sourceId } } }, FAST_POLL),
      t.emulator,
      PROVISIONING,
    );
    expect(copy.storageProfile?.source?.id).toBe(sourceId);
    expect(copy.provisioningState).toBe('Succeeded');
  });
});
