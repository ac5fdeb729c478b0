import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../support/stack';
import { JAMMY, runScheduledRebuild, startHandsOffStack, statusesOf, threeImageCatalog } from './handsOffSupport';

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ catalog: threeImageCatalog() });
});
afterAll(async () => {
  await stack?.stop();
});

describe('a scheduled run under a 429 storm', () => {
  it('completes with the same decisions, waiting out every Retry-After', async () => {
    const faults = [
      // Reads to decide, the base image lists, and the build's own writes all throttled, some beyond the activity's cap.
      { method: 'GET', path: '/images/ubuntu-api/versions', status: 429, retryAfter: 1, count: 3 },
      { method: 'GET', path: '/galleries/gal_autopilot/images/debian-app', status: 429, retryAfter: 120, count: 2 },
      { method: 'GET', path: `/publishers/${JAMMY.publisher}/artifacttypes/vmimage`, status: 429, retryAfter: 2, count: 2 },
      { method: 'PUT', path: '/virtualMachines/', status: 429, retryAfter: 30, count: 2 },
      { method: 'GET', path: '/images/ubuntu-web', status: 503, count: 2 },
    ];
    for (const fault of faults) expect((await stack.control('POST', 'faults', fault)).status).toBe(201);

    const run = await runScheduledRebuild(stack);
    expect(statusesOf(run.output)).toEqual({ 'ubuntu-web': 'rebuild', 'ubuntu-api': 'rebuild', 'debian-app': 'rebuild' });
    expect(run.output.items.map((i) => i.build?.outcome)).toEqual(['built', 'built', 'built']);
    const throttled = (await stack.armRequests()).filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(7);
  });
});
