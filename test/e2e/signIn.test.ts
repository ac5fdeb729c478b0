/**
 * Sign-in through the real path: the emulator's Entra ID mints tokens, the local host plays App Service Authentication
 * (validates the bearer token, strips client-sent principal headers, injects the platform's), and the app authorizes
 * each route by its role and records who asked (docs/security.md).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../../functions/composition/registerRoute';
import { EVENT_TYPES } from '../../shared/domain/notifications/eventTypes';
import type { NotificationEvent } from '../../shared/ports/notificationPort';
import { apiFetch, NO_TOKEN } from '../support/apiAuth';
import { aCatalog, anImageNamed } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { appEntry, mintToken, startStack, type Stack, type TokenRequest } from '../support/stack';

const TOPIC = 'signin';
const image = anImageNamed('img-signin');
const catalog = aCatalog({ images: [image] });
const logLines: string[] = [];

let stack: Stack;
const tokens = { reader: '', operator: '' };
const mint = (request: TokenRequest) => mintToken(stack.arm, request);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  stack = await startStack({ catalog, topic: TOPIC, log: (line) => logLines.push(line) });
  tokens.reader = await mint({ name: 'reader@contoso.test', roles: ['ImageAutopilot.Reader'] });
  tokens.operator = await mint({ name: 'operator@contoso.test', roles: ['ImageAutopilot.Operator'] });
});
afterAll(async () => {
  await stack?.stop();
});

async function call(method: 'GET' | 'POST', path: string, headers: Record<string, string>): Promise<{ status: number; body: { error?: { code: string; message: string } } & Record<string, unknown> }> {
  const res = await apiFetch(`${stack.url}/api/${path}`, { method, headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) }, ...(method === 'POST' ? { body: '{}' } : {}) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as { error?: { code: string; message: string } }) };
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
function parts(token: string): [string, string, string] {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return [header, payload, signature];
}
function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(parts(token)[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}
/** What App Service would inject for an Admin: a client sending it itself must gain nothing. */
function forgedAdminPrincipal(): Record<string, string> {
  const principal = { auth_typ: 'aad', name_typ: 'name', role_typ: 'roles', claims: [{ typ: 'name', val: 'mallory' }, { typ: 'oid', val: 'forged-oid' }, { typ: 'roles', val: 'ImageAutopilot.Admin' }] };
  return { 'x-ms-client-principal': Buffer.from(JSON.stringify(principal)).toString('base64'), 'x-ms-client-principal-id': 'forged-oid', 'x-ms-client-principal-name': 'mallory', 'x-ms-client-principal-idp': 'aad' };
}

describe('sign-in', () => {
  it('answers 401 UNAUTHENTICATED to a call without a token, reads and builds alike', async () => {
    for (const [method, path] of [['GET', 'images'], ['GET', 'runs'], ['POST', `images/${image.name}/builds`]] as const) {
      const res = await call(method, path, NO_TOKEN);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error?.code).toBe('UNAUTHENTICATED');
    }
  });

  it.each<[string, () => Promise<string>]>([
    ['expired', () => mint({ name: 'late@contoso.test', roles: ['ImageAutopilot.Admin'], notBeforeOffsetSeconds: -7200, lifetimeSeconds: 3600 })],
    ['not valid yet', () => mint({ name: 'early@contoso.test', roles: ['ImageAutopilot.Admin'], notBeforeOffsetSeconds: 3600 })],
    ['for another audience', () => mint({ name: 'aud@contoso.test', roles: ['ImageAutopilot.Admin'], aud: '11111111-1111-1111-1111-111111111111' })],
    ['from another issuer', () => mint({ name: 'iss@contoso.test', roles: ['ImageAutopilot.Admin'], iss: 'https://login.microsoftonline.com/another-tenant/v2.0' })],
    ['unsigned (alg none)', async () => `${b64url({ alg: 'none', typ: 'JWT' })}.${parts(await mint({ name: 'none@contoso.test', roles: ['ImageAutopilot.Admin'] }))[1]}.`],
    ['tampered (Reader made Admin, signature kept)', async () => {
      const [header, , signature] = parts(tokens.reader);
      return `${header}.${b64url({ ...claimsOf(tokens.reader), roles: ['ImageAutopilot.Admin'] })}.${signature}`;
    }],
    ['HS256 signed with the public key as secret', async () => {
      const [, payload] = parts(await mint({ name: 'hs@contoso.test', roles: ['ImageAutopilot.Admin'] }));
      const header = b64url({ alg: 'HS256', typ: 'JWT' });
      const { createHmac } = await import('node:crypto');
      return `${header}.${payload}.${createHmac('sha256', stack.arm.caPem).update(`${header}.${payload}`).digest('base64url')}`;
    }],
    ['not a JWT', () => Promise.resolve('not-a-token')],
  ])('answers 401, never 200 nor 5xx, to a token that is %s', async (_, token) => {
    const res = await call('POST', `images/${image.name}/prune?dryRun=false`, bearer(await token()));
    expect(res.status).toBe(401);
    expect(res.body.error?.code).toBe('UNAUTHENTICATED');
  });

  it('drops a client-sent X-MS-CLIENT-PRINCIPAL: 401 without a token, the token\'s own roles with one', async () => {
    expect((await call('GET', 'images', { ...NO_TOKEN, ...forgedAdminPrincipal() })).status).toBe(401);
    const withReader = await call('POST', `images/${image.name}/builds`, { ...bearer(tokens.reader), ...forgedAdminPrincipal() });
    expect(withReader.status).toBe(403);
    expect(withReader.body.error?.message).toContain('ImageAutopilot.Operator');
  });

  it('lets a Reader list but not build nor apply a prune: 403 FORBIDDEN naming the missing role, logged with the principal', async () => {
    expect((await call('GET', 'images', bearer(tokens.reader))).status).toBe(200);
    expect((await call('GET', 'runs', bearer(tokens.reader))).status).toBe(200);
    const build = await call('POST', `images/${image.name}/builds`, bearer(tokens.reader));
    expect(build).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: expect.stringContaining('ImageAutopilot.Operator') } } });
    const apply = await call('POST', `images/${image.name}/prune?dryRun=false`, bearer(tokens.reader));
    expect(apply).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: expect.stringContaining('ImageAutopilot.Admin') } } });
    expect(logLines.some((l) => l.includes('refused 403 FORBIDDEN for "reader@contoso.test"') && l.includes('ImageAutopilot.Operator'))).toBe(true);
  });

  it('lets an Operator plan a prune but not apply one (Admin)', async () => {
    const apply = await call('POST', `images/${image.name}/prune?dryRun=false`, bearer(tokens.operator));
    expect(apply).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN', message: expect.stringContaining('ImageAutopilot.Admin') } } });
    expect((await call('POST', `images/${image.name}/prune?dryRun=true`, bearer(tokens.operator))).status).toBe(200);
  });

  it('records who started a build in its run, its log line and its notifications', async () => {
    const started = await postJson(`${stack.url}/api/images/${image.name}/builds`, { reason: 'signed in' }, undefined, bearer(tokens.operator));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId = runIdOf(started);
    const requestedBy = { name: 'operator@contoso.test', objectId: claimsOf(tokens.operator)['oid'] };
    expect((await call('GET', `runs/${runId}`, bearer(tokens.reader))).body).toMatchObject({ runId, requestedBy });
    expect(logLines.some((l) => l.includes('startBuild: requested by "operator@contoso.test"'))).toBe(true);
    await runUntilDone(stack, runId);
    const { body } = await stack.control('GET', `topics/${TOPIC}/events`);
    const events = ((body as { events: NotificationEvent[] }).events ?? []).filter((e) => e.data.instanceId === runId);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining([EVENT_TYPES.buildStarted, EVENT_TYPES.buildSucceeded]));
    for (const event of events) expect(event.data['requestedBy'], event.type).toEqual(requestedBy);
  });

  it('never answers 2xx nor 5xx to fuzzed credentials on an Admin-only call', async () => {
    const principalValue = fc.oneof(fc.string(), fc.base64String(), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v)).toString('base64')), fc.constant(forgedAdminPrincipal()['x-ms-client-principal'] ?? ''));
    const authorization = fc.oneof(
      fc.string(),
      fc.string().map((s) => `Bearer ${s}`),
      fc.constantFrom(tokens.reader, tokens.operator).map((t) => `Bearer ${t}`),
      fc.tuple(fc.constantFrom(tokens.reader, tokens.operator), fc.nat(), fc.string({ minLength: 1, maxLength: 1 })).map(([t, at, c]) => `Bearer ${t.slice(0, at % t.length)}${c}${t.slice((at % t.length) + 1)}`),
    );
    const headers = fc.record(
      {
        authorization,
        'x-ms-client-principal': principalValue,
        'x-ms-client-principal-id': fc.string(),
        'x-ms-client-principal-name': fc.string(),
        'x-ms-client-principal-idp': fc.string(),
      },
      { requiredKeys: [] },
    );
    // Header values must be ISO-8859-1 without control characters, or fetch refuses to send them at all.
    const sendable = headers.map((h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, v.replace(/[^\x20-\x7e]/g, '_')])));
    await fc.assert(
      fc.asyncProperty(sendable, async (h) => {
        const res = await call('POST', `images/${image.name}/prune?dryRun=false`, { ...NO_TOKEN, ...h });
        expect([401, 403], JSON.stringify(h)).toContain(res.status);
      }),
      { numRuns: 40 },
    );
  });
});

describe('every route has a role', () => {
  const load = createRequire(appEntry);
  /** The registrations of the very app the host loaded (same compiled module, same process). */
  const registered = () => (load(resolve(appEntry, '../composition/registerRoute.js')) as { registeredRoutes: RouteSpec[] }).registeredRoutes;

  it('declares one for each HTTP function the host serves, Reader for reads unless it says why', async () => {
    const listed = (await (await fetch(`${stack.url}/admin/functions`)).json()) as { name: string; config: { bindings: { type: string; authLevel?: string; methods?: string[] }[] } }[];
    const http = listed.filter((f) => f.config.bindings.some((b) => b.type === 'httpTrigger'));
    expect(http.length).toBeGreaterThan(0);
    const specs = new Map(registered().map((s) => [s.name, s]));
    for (const fn of http) {
      const spec = specs.get(fn.name);
      expect(spec, `${fn.name} is not registered through registerRoute`).toBeDefined();
      expect(['Reader', 'Operator', 'Admin', 'Public']).toContain(spec?.role);
      if (spec?.method === 'GET' && spec.role !== 'Reader') expect(spec.why, `${fn.name} is a GET above Reader`).toEqual(expect.stringMatching(/\S{10,}/));
      // Entra mode: the platform authenticates, so the host must not ask for a function key too.
      expect(fn.config.bindings.find((b) => b.type === 'httpTrigger')?.authLevel).toBe('anonymous');
    }
  });

  it('matches the roles table of docs/security.md', () => {
    const doc = readFileSync(resolve(process.cwd(), 'docs/security.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `(\w+)` \| `(GET|POST) \/api\/([^`]+)` \| (Reader|Operator|Admin|Public)(?: \(([^)]*)\))? \|/gm)].map((m) => ({
      name: m[1],
      method: m[2],
      route: m[3],
      role: m[4],
      ...(m[5] === undefined ? {} : { elevated: m[5] }),
    }));
    const expected = registered().map((s) => ({ name: s.name, method: s.method, route: s.route, role: s.role, ...(s.elevated === undefined ? {} : { elevated: `${s.elevated.role}: ${s.elevated.when}` }) }));
    const byName = (a: { name?: string }, b: { name?: string }) => String(a.name).localeCompare(String(b.name));
    expect(rows.sort(byName)).toEqual(expected.sort(byName));
  });
});
