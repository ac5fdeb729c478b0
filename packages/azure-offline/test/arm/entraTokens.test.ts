import { jwtVerify, createRemoteJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../src/clock';
import { startArmEmulator, type ArmEmulator } from '../../src/arm/index';
import { EMULATED_APP_CLIENT_ID, EMULATED_TENANT_ID } from '../../src/arm/entraIssuer';

const start = new Date('2026-06-01T00:00:00.000Z');
let emulator: ArmEmulator;
beforeAll(async () => {
  emulator = await startArmEmulator({ clock: createClock({ mode: 'virtual', start }) });
});
afterAll(async () => {
  await emulator.stop();
});

describe('the emulated Entra ID', () => {
  it('publishes discovery and a JWKS that verify the RS256 tokens it mints, on the shared clock', async () => {
    const discovery = (await (await fetch(emulator.entra.wellKnownConfiguration)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe(emulator.entra.issuer);
    // Entra's own form, naming no port: a restart on another port keeps the tokens' `iss`.
    expect(emulator.entra.issuer).toBe(`https://login.microsoftonline.com/${EMULATED_TENANT_ID}/v2.0`);
    expect(emulator.entra.wellKnownConfiguration).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${EMULATED_TENANT_ID}/v2\\.0/\\.well-known/openid-configuration$`));
    const minted = emulator.mintToken({ name: 'ada@contoso.test', roles: ['ImageAutopilot.Reader'] });
    const { payload, protectedHeader } = await jwtVerify(minted.access_token, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
      issuer: emulator.entra.issuer,
      audience: EMULATED_APP_CLIENT_ID,
      algorithms: ['RS256'],
      currentDate: start,
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    const now = start.getTime() / 1000;
    expect(payload).toMatchObject({ name: 'ada@contoso.test', roles: ['ImageAutopilot.Reader'], tid: EMULATED_TENANT_ID, nbf: now, iat: now, exp: now + 3600 });
    // The same user is the same object, token after token.
    expect(emulator.mintToken({ name: 'ada@contoso.test' }).claims['oid']).toBe(payload.oid);
  });

  it.each([
    ['no name', {}],
    ['roles that are not strings', { name: 'x', roles: [1] }],
    ['an unknown field', { name: 'x', admin: true }],
    ['a lifetime of 0', { name: 'x', lifetimeSeconds: 0 }],
  ])('refuses a token request with %s (400 naming the field)', (_, body) => {
    expect(() => emulator.mintToken(body as never)).toThrow(/^'[^']*': \S/);
  });
});
