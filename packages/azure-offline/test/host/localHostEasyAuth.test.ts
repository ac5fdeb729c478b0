/**
 * App Service Authentication as the local host plays it (packages/azure-offline/docs/local-host.md#sign-in), on the
 * fixture app: tokens of the emulator's Entra ID are validated, client-sent principal headers never reach a
 * function, excluded paths pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../src/clock';
import { startArmEmulator, type ArmEmulator } from '../../src/arm/index';
import { fixtureSettings, FIXTURE_START, startFixtureHost, type FixtureHost } from './support/fixtureHost';

let arm: ArmEmulator;
let fixture: FixtureHost;
beforeAll(async () => {
  const clock = createClock({ mode: 'virtual', start: FIXTURE_START });
  arm = await startArmEmulator({ clock });
  fixture = await startFixtureHost({
    clock,
    settings: fixtureSettings({
      WEBSITE_AUTH_ENABLED: 'true',
      WEBSITE_AUTH_OPENID_ISSUER: arm.entra.issuer,
      WEBSITE_AUTH_OPENID_WELL_KNOWN_CONFIGURATION: arm.entra.wellKnownConfiguration,
      WEBSITE_AUTH_CLIENT_ID: arm.entra.audience,
      WEBSITE_AUTH_EXCLUDED_PATHS: '/api/items',
    }),
  });
});
afterAll(async () => {
  await fixture?.host.stop();
  await arm?.stop();
});

interface Seen {
  principal: { name: string | null; id: string | null; encoded: string | null };
}
const forged = { 'x-ms-client-principal': Buffer.from('{"auth_typ":"aad","claims":[]}').toString('base64'), 'x-ms-client-principal-name': 'mallory', 'x-ms-client-principal-id': 'forged', 'x-ms-client-principal-extra': 'x' };

async function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: Seen & { error?: { code: string } } }> {
  const res = await fetch(`${fixture.host.url}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Seen & { error?: { code: string } } };
}

describe('the local host\'s App Service Authentication', () => {
  it('injects the platform principal for a valid token, replacing whatever the client sent', async () => {
    const minted = arm.mintToken({ name: 'ada@contoso.test', roles: ['ImageAutopilot.Reader'] });
    const { status, body } = await get('/api/hello/x', { authorization: `Bearer ${minted.access_token}`, ...forged });
    expect(status).toBe(200);
    expect(body.principal).toMatchObject({ name: 'ada@contoso.test', id: minted.claims['oid'] });
    const principal = JSON.parse(Buffer.from(body.principal.encoded ?? '', 'base64').toString('utf8')) as { auth_typ: string; role_typ: string; claims: { typ: string; val: string }[] };
    expect(principal.auth_typ).toBe('aad');
    expect(principal.claims).toContainEqual({ typ: principal.role_typ, val: 'ImageAutopilot.Reader' });
  });

  it('answers 401 without a valid token, before any function runs, and logs why', async () => {
    const before = fixture.host.invocations('hello').length;
    const none = await get('/api/hello/x', forged);
    expect(none).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } });
    const expired = arm.mintToken({ name: 'late@contoso.test', notBeforeOffsetSeconds: -7200, lifetimeSeconds: 3600 }).access_token;
    expect((await get('/api/hello/x', { authorization: `Bearer ${expired}` })).status).toBe(401);
    expect(fixture.host.invocations('hello')).toHaveLength(before);
    expect(fixture.lines.some((l) => l.includes('App Service Authentication: 401') && l.includes('the token has expired'))).toBe(true);
  });

  it('lets excluded paths through without a token, but never with client-sent principal headers', async () => {
    const { status, body } = await get('/api/items/7', forged);
    expect(status).toBe(200);
    expect(body.principal).toEqual({ name: null, id: null, encoded: null });
  });
});
