/**
 * AUTH_MODE=keys, for teams without Entra ID: the routes are `authLevel: 'function'`, the host checks the function key
 * and the app asks for no principal; a principal header a client sends is neither trusted nor recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFetch, NO_TOKEN } from '../support/apiAuth';
import { aCatalog, anImageNamed } from '../support/builders';
import { postJson, runIdOf } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

const KEY = 'e2e-function-key-0123456789';
const image = anImageNamed('img-keys');
let stack: Stack;

beforeAll(async () => {
  // No App Service Authentication in front: keys are the only gate.
  stack = await startStack({ catalog: aCatalog({ images: [image] }), functionKey: KEY, settings: { AUTH_MODE: 'keys', WEBSITE_AUTH_ENABLED: 'false' } });
});
afterAll(async () => {
  await stack?.stop();
});

const forged = {
  'x-ms-client-principal': Buffer.from(JSON.stringify({ auth_typ: 'aad', claims: [{ typ: 'oid', val: 'forged' }, { typ: 'roles', val: 'ImageAutopilot.Admin' }] })).toString('base64'),
  'x-ms-client-principal-name': 'mallory',
};

describe('AUTH_MODE=keys', () => {
  it('answers 401 without the function key or with a wrong one, and serves with it (header or ?code=)', async () => {
    expect((await apiFetch(`${stack.url}/api/images`, { headers: NO_TOKEN })).status).toBe(401);
    expect((await apiFetch(`${stack.url}/api/images`, { headers: { ...NO_TOKEN, 'x-functions-key': `${KEY}x` } })).status).toBe(401);
    expect((await apiFetch(`${stack.url}/api/images`, { headers: { ...NO_TOKEN, ...forged } })).status).toBe(401);
    expect((await apiFetch(`${stack.url}/api/images`, { headers: { ...NO_TOKEN, 'x-functions-key': KEY } })).status).toBe(200);
    expect((await apiFetch(`${stack.url}/api/images?code=${KEY}`, { headers: NO_TOKEN })).status).toBe(200);
  });

  it('starts a build with the key and records no requestedBy, even from a forged principal header', async () => {
    const started = await postJson(`${stack.url}/api/images/${image.name}/builds`, {}, undefined, { ...NO_TOKEN, 'x-functions-key': KEY, ...forged });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const run = (await (await apiFetch(`${stack.url}/api/runs/${runIdOf(started)}`, { headers: { ...NO_TOKEN, 'x-functions-key': KEY } })).json()) as Record<string, unknown>;
    expect(run['runId']).toBe(runIdOf(started));
    expect(run).not.toHaveProperty('requestedBy');
  });
});
