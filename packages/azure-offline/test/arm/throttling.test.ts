import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClient } from '@azure-rest/core-client';
import { ManagedIdentityCredential } from '@azure/identity';
import { startForTest, SUB, type ArmTestContext } from './armTestKit';

let t: ArmTestContext;
beforeAll(async () => {
  t = await startForTest({ throttling: true, seed: { resourceGroups: [{ name: 'rg' }] } });
});
afterAll(async () => {
  await t.emulator.stop();
});

describe('ARM throttling buckets', () => {
  it('answers 429 with Retry-After once the write bucket (200) is spent', async () => {
    // No SDK retries here: the point is to see the 429 itself.
    const rest = getClient(t.emulator.url, new ManagedIdentityCredential(), {
      tlsOptions: { ca: t.emulator.caPem },
      retryOptions: { maxRetries: 0 },
      credentials: { scopes: ['https://management.azure.com/.default'] },
    });
    const statuses: string[] = [];
    const remaining: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 400 && retryAfter === undefined; i++) {
      const response = await rest.pathUnchecked(`/subscriptions/${SUB}/resourcegroups/rg${i}`).put({ queryParameters: { 'api-version': '2021-04-01' }, body: { location: 'westeurope' } });
      statuses.push(response.status);
      if (response.status === '201') remaining.push(Number(response.headers['x-ms-ratelimit-remaining-subscription-writes']));
      if (response.status === '429') retryAfter ??= response.headers['retry-after'];
    }
    // A few tokens refill while the loop runs (10/s), so the first 429 comes at request 201 or a little later.
    const first429 = statuses.indexOf('429');
    expect(first429).toBeGreaterThanOrEqual(200);
    expect(statuses.slice(0, 200).every((s) => s === '201')).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // The remaining-writes header counts down from the burst of 200 as the bucket drains.
    expect(remaining[0]).toBe(199);
    expect(remaining.slice(0, 150).every((n, i, all) => i === 0 || n <= (all[i - 1] ?? 0) + 1)).toBe(true);
  });
});
