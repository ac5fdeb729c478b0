import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getClient } from '@azure-rest/core-client';
import { FAST_POLL, galleryBody, startForTest, SUB, type ArmTestContext } from './armTestKit';

let t: ArmTestContext;
beforeAll(async () => {
  t = await startForTest({ seed: { resourceGroups: [{ name: 'rg' }], galleries: [{ resourceGroup: 'rg', name: 'gal', images: [{ name: 'web' }] }] } });
});
afterAll(async () => {
  await t.emulator.stop();
});

const GALLERY = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal`;
const API = { 'api-version': '2025-03-03' };

interface ErrorBody {
  error: { code: string; message: string };
}

async function send(method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST', path: string, query: Record<string, string>, body?: unknown) {
  const resource = t.rest.pathUnchecked(path);
  const options = { queryParameters: query, ...(body === undefined ? {} : { body }) };
  const response =
    method === 'GET' ? await resource.get(options) : method === 'PUT' ? await resource.put(options) : method === 'PATCH' ? await resource.patch(options) : method === 'DELETE' ? await resource.delete(options) : await resource.post(options);
  return { status: Number(response.status), body: response.body as ErrorBody };
}

describe('bad requests get ARM-shaped 4xx answers, never a 500', () => {
  it.each([
    ['a missing api-version', 'GET', GALLERY, {}, undefined, 400, 'MissingApiVersionParameter'],
    ['a malformed api-version', 'GET', GALLERY, { 'api-version': 'yesterday' }, undefined, 400, 'InvalidApiVersionParameter'],
    ['malformed JSON', 'PUT', `${GALLERY}/images/broken`, API, new TextEncoder().encode('{"location": '), 400, 'InvalidRequestContent'],
    ['a JSON array body', 'PUT', `${GALLERY}/images/broken`, API, [1, 2], 400, 'InvalidRequestContent'],
    ['properties that are not an object', 'PUT', `${GALLERY}/images/broken`, API, { location: 'westeurope', properties: 'x' }, 400, 'InvalidRequestContent'],
    ['a definition without osType', 'PUT', `${GALLERY}/images/broken`, API, { location: 'westeurope', properties: { osState: 'Generalized', identifier: { publisher: 'p', offer: 'o', sku: 's' } } }, 400, 'InvalidParameter'],
    ['a definition without location', 'PUT', `${GALLERY}/images/broken`, API, { properties: {} }, 400, 'LocationRequired'],
    ['a tag value over 256 characters', 'PUT', GALLERY, API, { location: 'westeurope', tags: { long: 'x'.repeat(257) } }, 400, 'InvalidTag'],
    ['an unknown resource type', 'GET', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/spaceships/x`, API, undefined, 404, 'InvalidResourceType'],
    ['an unknown subscription', 'GET', `/subscriptions/ffffffff-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal`, API, undefined, 404, 'SubscriptionNotFound'],
    ['an unknown resource group', 'GET', `/subscriptions/${SUB}/resourceGroups/nope/providers/Microsoft.Compute/galleries/gal`, API, undefined, 404, 'ResourceGroupNotFound'],
    ['an unknown gallery', 'GET', `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/galleries/nope`, API, undefined, 404, 'ResourceNotFound'],
    ['an unsupported method', 'POST', GALLERY, API, {}, 405, 'MethodNotAllowed'],
    ['a bad role assignment filter', 'GET', `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments`, { 'api-version': '2022-04-01', $filter: 'drop table' }, undefined, 400, 'InvalidFilter'],
    ['a bad $skiptoken', 'GET', `${GALLERY}/images`, { ...API, $skiptoken: 'abc' }, undefined, 400, 'InvalidSkipToken'],
  ] as const)('answers %s', async (_what, method, path, query, body, status, code) => {
    const response = await send(method, path, { ...query }, body);
    expect(response.status).toBe(status);
    expect(response.body.error).toMatchObject({ code, message: expect.any(String) });
  });

  it('answers 401 AuthenticationFailed without a bearer token', async () => {
    const anonymous = getClient(t.emulator.url, { tlsOptions: { ca: t.emulator.caPem } });
    const response = await anonymous.pathUnchecked(GALLERY).get({ queryParameters: API });
    expect(response.status).toBe('401');
    expect((response.body as ErrorBody).error.code).toBe('AuthenticationFailed');
  });

  it('surfaces an invalid name as a RestError with ARM code through the SDK', async () => {
    await expect(t.compute.galleries.createOrUpdate('rg', 'no-hyphens', galleryBody(), FAST_POLL)).rejects.toMatchObject({ name: 'RestError', statusCode: 400, code: 'InvalidParameter' });
  });

  it('never answers 5xx to arbitrary paths, methods and bodies', async () => {
    const segment = fc.oneof(fc.constantFrom('subscriptions', SUB, 'resourceGroups', 'rg', 'providers', 'Microsoft.Compute', 'galleries', 'gal', 'images', 'web', 'versions', '1.0.0', 'virtualMachines', 'runCommands', 'Microsoft.Authorization', 'roleAssignments', 'roleDefinitions', 'locations', 'operations', 'deallocate', 'generalize'), fc.string({ maxLength: 6 }).map(encodeURIComponent));
    const json = fc.jsonValue({ maxDepth: 3 });
    const body = fc.oneof(json, fc.record({ location: fc.constantFrom('westeurope', 'eastus', ''), properties: json, tags: json }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE', 'POST'), fc.array(segment, { minLength: 1, maxLength: 12 }), body, async (method, segments, payload) => {
        const response = await send(method, `/${segments.join('/')}`, API, method === 'GET' || method === 'DELETE' ? undefined : payload);
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(response.body.error.code).toEqual(expect.any(String));
      }),
      { numRuns: 300 },
    );
  });
});
