import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManagedIdentityCredential } from '@azure/identity';
import { startArmEmulator, type ArmEmulator } from '../../src/arm/index';

let emulator: ArmEmulator;
beforeAll(async () => {
  emulator = await startArmEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

describe('managed identity token endpoint through @azure/identity', () => {
  it('gives ManagedIdentityCredential an ARM token through IDENTITY_ENDPOINT / IDENTITY_HEADER', async () => {
    process.env.IDENTITY_ENDPOINT = emulator.identityEndpoint;
    process.env.IDENTITY_HEADER = emulator.identityHeader;
    const token = await new ManagedIdentityCredential().getToken('https://management.azure.com/.default');
    expect(token.token).toMatch(/^emulated\./);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3600_000);
    expect(emulator.identityEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
  });

  // MSAL keeps one managed-identity source per process, so the header check is exercised with plain HTTP here.
  it.each([
    ['a wrong X-IDENTITY-HEADER', { 'X-IDENTITY-HEADER': 'wrong' }, '?resource=https://management.azure.com&api-version=2019-08-01', 401],
    ['no resource', { 'X-IDENTITY-HEADER': 'right' }, '?api-version=2019-08-01', 400],
    ['another api-version', { 'X-IDENTITY-HEADER': 'right' }, '?resource=https://management.azure.com&api-version=2017-09-01', 400],
  ])('refuses a token request with %s', async (_what, headers, query, status) => {
    const sent = { ...headers, ...(headers['X-IDENTITY-HEADER'] === 'right' ? { 'X-IDENTITY-HEADER': emulator.identityHeader } : {}) };
    const response = await fetch(`${emulator.identityEndpoint}${query}`, { headers: sent });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: expect.any(String), error_description: expect.any(String) });
  });
});
