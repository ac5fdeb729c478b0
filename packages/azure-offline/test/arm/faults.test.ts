import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeOnClock, computeClient, createGallery, createImage, FAST_POLL, galleryBody, imageBody, LOCATION, startForTest, SUB, uniqueName, versionFromVmBody, type ArmTestContext } from './armTestKit';
import { addFault, control, requestLog } from './controlClient';

const PROVISIONING = 30;
const PER_REGION = 120;
let t: ArmTestContext;
const vmId = `/subscriptions/${SUB}/resourceGroups/staging/providers/Microsoft.Compute/virtualMachines/vm-ready`;

beforeAll(async () => {
  t = await startForTest({
    seed: { resourceGroups: [{ name: 'images' }], virtualMachines: [{ resourceGroup: 'staging', name: 'vm-ready', powerState: 'deallocated', osState: 'generalized' }] },
    provisioningSeconds: PROVISIONING,
    replicationSecondsPerRegion: PER_REGION,
  });
});
afterAll(async () => {
  await t.emulator.stop();
});

async function galleryWithImage(): Promise<string> {
  const gallery = uniqueName('gal');
  await createGallery(t, 'images', gallery, galleryBody(), PROVISIONING);
  await createImage(t, 'images', gallery, 'web', imageBody(), PROVISIONING);
  // The creates' own polls are not what the tests below count.
  await control(t.rest, 'DELETE', 'requests');
  return gallery;
}

describe('fault injection seen through the SDK', () => {
  it('answers a 429 with Retry-After that the SDK waits out and retries', async () => {
    const gallery = await galleryWithImage();
    await addFault(t.rest, { method: 'GET', path: `/galleries/${gallery}`, status: 429, retryAfter: 1, count: 1 });
    const got = await t.compute.galleries.get('images', gallery);
    expect(got.name).toBe(gallery);
    const attempts = (await requestLog(t.rest)).filter((r) => r.method === 'GET' && r.path.endsWith(`/galleries/${gallery}`));
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
  });

  it('fails an LRO with the ARM error code the fault names', async () => {
    const gallery = await galleryWithImage();
    await addFault(t.rest, { method: 'PUT', path: `/galleries/${gallery}/images/web/versions/1.0.0`, lro: 'fail', code: 'ReplicationJobsNotCompleted', message: 'Replication job failed.' });
    const poller = t.compute.galleryImageVersions.createOrUpdate('images', gallery, 'web', '1.0.0', versionFromVmBody(vmId), FAST_POLL);
    const failure = await completeOnClock(poller, t.emulator, PROVISIONING).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(String((failure as Error).message)).toContain('ReplicationJobsNotCompleted');
    const version = await t.compute.galleryImageVersions.get('images', gallery, 'web', '1.0.0');
    expect(version.provisioningState).toBe('Failed');
  });

  it('fails replication to one region, and a later update retries it', async () => {
    const gallery = await galleryWithImage();
    await addFault(t.rest, { method: 'PUT', path: `/galleries/${gallery}/images/web/versions/2.0.0`, region: 'northeurope' });
    await completeOnClock(t.compute.galleryImageVersions.createOrUpdate('images', gallery, 'web', '2.0.0', versionFromVmBody(vmId, [LOCATION, 'northeurope']), FAST_POLL), t.emulator, PROVISIONING);
    t.emulator.clock.advance(PER_REGION);
    const failed = await t.compute.galleryImageVersions.get('images', gallery, 'web', '2.0.0', { expand: 'ReplicationStatus' });
    expect(failed.replicationStatus?.aggregatedState).toBe('Failed');
    expect(failed.replicationStatus?.summary?.find((s) => s.region === 'North Europe')?.state).toBe('Failed');

    await t.compute.galleryImageVersions.update('images', gallery, 'web', '2.0.0', { publishingProfile: { targetRegions: [{ name: LOCATION }, { name: 'northeurope' }] } }, FAST_POLL);
    t.emulator.clock.advance(PER_REGION);
    const retried = await t.compute.galleryImageVersions.get('images', gallery, 'web', '2.0.0', { expand: 'ReplicationStatus' });
    expect(retried.replicationStatus?.aggregatedState).toBe('Completed');
  });

  it('answers a fault status on the first request of an LRO as a RestError with ARM code', async () => {
    const gallery = await galleryWithImage();
    await addFault(t.rest, { method: 'PUT', path: `/galleries/${gallery}/images/web/versions/3.0.0`, status: 500, code: 'InternalExecutionError' });
    const noRetries = computeClient(t.emulator, { maxRetries: 0 });
    await expect(noRetries.galleryImageVersions.createOrUpdate('images', gallery, 'web', '3.0.0', versionFromVmBody(vmId), FAST_POLL)).rejects.toMatchObject({ name: 'RestError', statusCode: 500, code: 'InternalExecutionError' });
  });

  it('resets the connection once; the SDK retries the network error and succeeds', async () => {
    const gallery = await galleryWithImage();
    await addFault(t.rest, { method: 'GET', path: `/galleries/${gallery}/images/web`, reset: true });
    const image = await t.compute.galleryImages.get('images', gallery, 'web');
    expect(image.name).toBe('web');
    const attempts = (await requestLog(t.rest)).filter((r) => r.method === 'GET' && r.path.endsWith(`/galleries/${gallery}/images/web`));
    expect(attempts.map((r) => r.status)).toEqual([0, 200]);
  });

  it('delays a request by latencyMs and still answers it', async () => {
    const gallery = await galleryWithImage();
    await addFault(t.rest, { path: `/galleries/${gallery}/images`, latencyMs: 20 });
    const names = [];
    for await (const image of t.compute.galleryImages.listByGallery('images', gallery)) names.push(image.name);
    expect(names).toEqual(['web']);
    expect(((await control(t.rest, 'GET', 'faults')).body as { faults: { path: string }[] }).faults.map((f) => f.path)).not.toContain(`/galleries/${gallery}/images`);
  });

  it('never fires a fault with probability 0, and clears faults on DELETE', async () => {
    const gallery = await galleryWithImage();
    await addFault(t.rest, { path: `/galleries/${gallery}`, status: 503, probability: 0 });
    await t.compute.galleries.get('images', gallery);
    const listed = (await control(t.rest, 'GET', 'faults')).body as { faults: { path: string }[] };
    expect(listed.faults.map((f) => f.path)).toContain(`/galleries/${gallery}`);
    expect((await control(t.rest, 'DELETE', 'faults')).status).toBe(204);
    expect(((await control(t.rest, 'GET', 'faults')).body as { faults: unknown[] }).faults).toEqual([]);
  });

  it.each([
    [{ status: 418, path: 'x' }, 'status'],
    [{ path: '' }, 'path'],
    [{ path: 'x' }, 'at least one effect'],
    [{ path: 'x', status: 500, count: 0 }, 'count'],
    [{ path: 'x', status: 500, probability: 2 }, 'probability'],
    [{ path: 'x', status: 500, colour: 'red' }, 'colour'],
  ])('rejects the fault %j naming %s', async (fault, field) => {
    const { status, body } = await control(t.rest, 'POST', 'faults', fault);
    expect(status).toBe(400);
    expect((body as { error: { message: string } }).error.message).toContain(field);
  });
});
