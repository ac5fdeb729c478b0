/**
 * Acceptance: POST /_emulator/reset as packages/azure-offline/docs/emulator.md documents it: the state goes back to the default seed
 * (default subscription and platform images), and faults and the request log are cleared. Its own stack: it wipes
 * the local seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, GALLERY_API } from './support/kit';
import { startLocal, type LocalStack } from './support/localStack';

const DEFAULT_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const DEFAULT_PLATFORM_IMAGE = { location: 'westeurope', publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server' };

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('POST /_emulator/reset', () => {
  it('returns to the default seed and clears faults and the request log', async () => {
    const galleryUrl = `${stack.endpoints.galleryId}?api-version=${GALLERY_API}`;
    expect((await client.arm('GET', galleryUrl)).status).toBe(200);
    expect((await client.control('POST', 'faults', { path: '/never-requested', status: 500 })).status).toBe(201);

    expect((await client.control('POST', 'reset')).status).toBe(200);

    expect(((await client.control('GET', 'faults')).body as { faults: unknown[] }).faults).toEqual([]);
    expect(await client.armRequests()).toEqual([]);
    const gone = await client.arm('GET', galleryUrl);
    expect(gone.status).toBe(404);
    expect((gone.body as { error: { code: string } }).error.code).toBe('SubscriptionNotFound');
    const groups = await client.arm('GET', `/subscriptions/${DEFAULT_SUBSCRIPTION}/resourcegroups?api-version=2021-04-01`);
    expect(groups.status).toBe(200);
    const p = DEFAULT_PLATFORM_IMAGE;
    const versions = await client.arm(
      'GET',
      `/subscriptions/${DEFAULT_SUBSCRIPTION}/providers/Microsoft.Compute/locations/${p.location}/publishers/${p.publisher}/artifacttypes/vmimage/offers/${p.offer}/skus/${p.sku}/versions?api-version=2024-07-01`,
    );
    expect(versions.status).toBe(200);
    expect((versions.body as unknown[]).length).toBeGreaterThan(0);
  });
});
