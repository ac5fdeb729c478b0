/**
 * Acceptance: the Functions host's standard endpoints, GET /api/images (docs/http-api.md#list-images) and the emulated ARM's
 * contract and control API, against a fresh `npm run local`. Read-only towards the product's state, except the
 * control calls each test undoes or scopes to itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, GALLERY_API } from './support/kit';
import { imagesBody, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

/** docs/http-api.md#list-images: the function names the host's admin and webhook URLs use. */
const FUNCTION_NAMES = ['scheduledRebuild', 'scheduledPrune', 'scheduledPolicyScan', 'vmGeneralized'];
const SAMPLE_IMAGES = ['ubuntu-2204-base', 'ubuntu-2204-docker', 'windows-2022-base'];

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('host', () => {
  it('GET /admin/host/status reports Running and lists the normative function names', async () => {
    const res = await client.api('GET', '/admin/host/status');
    expect(res.status).toBe(200);
    const body = res.body as { state: string; functions: string[] };
    expect(body.state).toBe('Running');
    expect(body.functions).toEqual(expect.arrayContaining(FUNCTION_NAMES));
  });

  it('POST /admin/functions/vmGeneralized accepts a run of the Event Grid function (202)', async () => {
    const res = await client.api('POST', '/admin/functions/vmGeneralized', { body: { input: '' } });
    expect(res.status).toBe(202);
  });

  it('POST /admin/functions/<name> answers 404 for an unknown function', async () => {
    const res = await client.api('POST', '/admin/functions/noSuchFunction', { body: { input: '' } });
    expect(res.status).toBe(404);
  });
});

describe('GET /api/images', () => {
  it('answers the §7 shape for every catalog image', async () => {
    const res = await client.api('GET', '/api/images');
    expect(res.status).toBe(200);
    const body = shape(imagesBody, res.body);
    expect(body.images.map((i) => i.name).sort()).toEqual(SAMPLE_IMAGES);
    for (const image of body.images) expect(image.gallery).toBe(client.galleryName);
  });

  it('names as latestVersion the highest version not excluded from latest, as ARM serves it', async () => {
    const body = shape(imagesBody, (await client.api('GET', '/api/images')).body);
    for (const image of body.images) {
      const eligible: string[] = [];
      for await (const v of client.compute.galleryImageVersions.listByGalleryImage(client.galleryRg, client.galleryName, image.name)) {
        if (v.name && v.publishingProfile?.excludeFromLatest !== true) eligible.push(v.name);
      }
      const highest = eligible.sort(compareVersions).at(-1) ?? null;
      expect(image.latestVersion, image.name).toBe(highest);
      expect(image.versions.map((v) => v.name).sort(compareVersions)).toEqual(
        (await client.versionNames(image.name)).sort(compareVersions),
      );
    }
  });

  it('reports an excluded (deprecated) version with its end-of-life date', async () => {
    const body = shape(imagesBody, (await client.api('GET', '/api/images')).body);
    const base = body.images.find((i) => i.name === 'ubuntu-2204-base');
    const armVersion = await client.compute.galleryImageVersions.get(client.galleryRg, client.galleryName, 'ubuntu-2204-base', '1.0.0');
    const listed = base?.versions.find((v) => v.name === '1.0.0');
    expect(listed?.excludeFromLatest).toBe(true);
    expect(listed?.endOfLifeDate && Date.parse(listed.endOfLifeDate)).toBe(armVersion.publishingProfile?.endOfLifeDate?.getTime());
  });
});

describe('emulated ARM contract', () => {
  const galleryPath = () => `${stack.endpoints.galleryId}?api-version=${GALLERY_API}`;

  it('answers 401 without a bearer token', async () => {
    const res = await client.arm('GET', galleryPath(), { token: false });
    expect(res.status).toBe(401);
    expect((res.body as { error: { code: string } }).error.code).toBe('AuthenticationFailed');
  });

  it('answers 400 MissingApiVersionParameter without api-version', async () => {
    const res = await client.arm('GET', stack.endpoints.galleryId);
    expect(res.status).toBe(400);
    expect((res.body as { error: { code: string } }).error.code).toBe('MissingApiVersionParameter');
  });

  it('answers an ARM-shaped 404 for an unknown resource', async () => {
    const res = await client.arm('GET', `${stack.endpoints.galleryId}/images/no-such-image?api-version=${GALLERY_API}`);
    expect(res.status).toBe(404);
    const error = (res.body as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('ResourceNotFound');
    expect(error.message).toContain('no-such-image');
  });

  it('serves the gallery to the real SDK client', async () => {
    const gallery = await client.compute.galleries.get(client.galleryRg, client.galleryName);
    expect(gallery.id?.toLowerCase()).toBe(stack.endpoints.galleryId.toLowerCase());
  });
});

describe('control API', () => {
  it('logs ARM requests (not control calls) and clears the log', async () => {
    const marker = `${stack.endpoints.galleryId}/images/log-marker-${Date.now()}?api-version=${GALLERY_API}`;
    await client.arm('GET', marker);
    const requests = await client.armRequests();
    const entry = requests.find((r) => r.path.includes('log-marker-'));
    expect(entry).toMatchObject({ method: 'GET', apiVersion: GALLERY_API, status: 404 });
    expect(typeof entry?.durationMs).toBe('number');
    expect(Number.isNaN(Date.parse(entry?.at ?? ''))).toBe(false);
    expect(requests.some((r) => r.path.includes('_emulator'))).toBe(false);
    expect((await client.control('DELETE', 'requests')).status).toBe(204);
    expect((await client.armRequests()).some((r) => r.path.includes('log-marker-'))).toBe(false);
  });

  it('advances the shared clock by the requested seconds', async () => {
    const before = await client.now();
    const res = await client.control('POST', 'clock', { advanceSeconds: 3600 });
    expect(res.status).toBe(200);
    const after = new Date((res.body as { now: string }).now);
    expect(after.getTime() - before.getTime()).toBeGreaterThanOrEqual(3600_000);
  });

  it('injects a 429 fault that answers Retry-After once, then disappears', async () => {
    const path = `/resourceGroups/${client.galleryRg}/providers/Microsoft.Compute/galleries/${client.galleryName}/images/windows-2022-base`;
    const created = await client.control('POST', 'faults', { method: 'GET', path, status: 429, retryAfter: 7, count: 1 });
    expect(created.status).toBe(201);
    expect(typeof (created.body as { id: string }).id).toBe('string');
    const url = `${stack.endpoints.galleryId}/images/windows-2022-base?api-version=${GALLERY_API}`;
    const throttled = await client.arm('GET', url);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('7');
    expect((await client.arm('GET', url)).status).toBe(200);
  });

  it('seeds a VM that the SDK then reads, and lists faults it can clear', async () => {
    const seeded = await client.control('POST', 'seed', {
      defaults: { subscriptionId: client.subscriptionId, location: 'westeurope' },
      resourceGroups: [{ name: 'rg-acceptance-seed' }],
      virtualMachines: [{ resourceGroup: 'rg-acceptance-seed', name: 'vm-seeded', osType: 'Linux' }],
    });
    expect(seeded.status).toBe(200);
    expect((await client.compute.virtualMachines.get('rg-acceptance-seed', 'vm-seeded')).name).toBe('vm-seeded');
    await client.control('POST', 'faults', { path: '/never-requested-path', status: 503 });
    expect(((await client.control('GET', 'faults')).body as { faults: unknown[] }).faults.length).toBeGreaterThan(0);
    expect((await client.control('DELETE', 'faults')).status).toBe(204);
    expect(((await client.control('GET', 'faults')).body as { faults: unknown[] }).faults).toEqual([]);
  });

  it('rejects an invalid seed with 400 InvalidSeed naming the path', async () => {
    const res = await client.control('POST', 'seed', { virtualMachines: [{ resourceGroup: 'rg-x' }] });
    expect(res.status).toBe(400);
    const error = (res.body as { error: { code: string; details: { target: string }[] } }).error;
    expect(error.code).toBe('InvalidSeed');
    expect(error.details.map((d) => d.target).join(' ')).toContain('virtualMachines[0]');
  });

  it('publishes a marketplace image version that ARM then lists', async () => {
    const image = { location: 'westeurope', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: '22.04.209901010' };
    expect((await client.control('POST', 'marketplace', image)).status).toBe(201);
    const versions = await client.compute.virtualMachineImages.list(image.location, image.publisher, image.offer, image.sku);
    expect(versions.map((v) => v.name)).toContain(image.version);
  });
});

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
