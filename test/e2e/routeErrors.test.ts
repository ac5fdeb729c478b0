/**
 * When Azure fails a route's own ARM reads, the caller gets the error shape of docs/http-api.md#errors with a status that says whose
 * failure it is and when to come back — not the host's bare 500 with an empty body.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { aCatalog, CAPTURE_RG, SUBSCRIPTION } from '../support/builders';
import { listRuns, postJson } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';
import { apiFetch } from '../support/apiAuth';

let stack: Stack;
beforeAll(async () => {
  // The production default: activities wait out ARM's Retry-After up to a minute inside the call; routes must not.
  stack = await startStack({ catalog: aCatalog(), settings: { ARM_MAX_RETRY_AFTER_SECONDS: '60' } });
});
afterEach(async () => {
  await stack.control('DELETE', 'faults');
});
afterAll(async () => {
  await stack?.stop();
});

async function injectFault(fault: Record<string, unknown>): Promise<void> {
  expect((await stack.control('POST', 'faults', fault)).status).toBe(201);
}

function expectApiError(body: unknown, code: string): void {
  expect(body).toMatchObject({ error: { code, message: expect.any(String), details: [] } });
  expect(Object.keys((body as { error: object }).error).sort()).toEqual(['code', 'details', 'message']);
}

describe('ARM failures behind an HTTP route', () => {
  it('GET /api/images answers 503 ARM_UNAVAILABLE with Retry-After when ARM keeps failing', async () => {
    await injectFault({ method: 'GET', path: '/images/ubuntu-web/versions', status: 500, count: 50 });
    const res = await apiFetch(`${stack.url}/api/images`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expectApiError(await res.json(), 'ARM_UNAVAILABLE');
  });

  it('GET /api/images answers 503 ARM_THROTTLED passing on ARM’s own Retry-After', async () => {
    await injectFault({ method: 'GET', path: '/images/ubuntu-web/versions', status: 429, retryAfter: 100, count: 50 });
    const res = await apiFetch(`${stack.url}/api/images`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('100');
    const body = (await res.json()) as { error: { message: string } };
    expectApiError(body, 'ARM_THROTTLED');
    expect(body.error.message).toContain('100');
  });

  it('GET /api/images does not sit out a Retry-After longer than a few seconds: it answers 503 with it at once', async () => {
    await injectFault({ method: 'GET', path: '/images/ubuntu-web/versions', status: 429, retryAfter: 45, count: 50 });
    // Waiting it out three times (as activities may) would hold this request for over two minutes.
    const res = await apiFetch(`${stack.url}/api/images`, { signal: AbortSignal.timeout(20_000) });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('45');
    expectApiError(await res.json(), 'ARM_THROTTLED');
  });

  it('GET /api/images passes on a short Retry-After the SDK already waited out, and a 503’s own hint', async () => {
    await injectFault({ method: 'GET', path: '/images/ubuntu-web/versions', status: 503, retryAfter: 1, count: 50 });
    const res = await apiFetch(`${stack.url}/api/images`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expectApiError(await res.json(), 'ARM_UNAVAILABLE');
  });

  it('a prune dry run that Azure keeps throttling answers 503 ARM_THROTTLED naming the instance, not 500', async () => {
    await injectFault({ method: 'GET', path: '/images/ubuntu-web/versions', status: 429, retryAfter: 120, count: 1000 });
    const pending = postJson(`${stack.url}/api/images/ubuntu-web/prune?dryRun=true`);
    // The run waits out each Retry-After on durable timers: move the shared clock until it gives up.
    let settled = false;
    void pending.finally(() => (settled = true));
    for (let i = 0; i < 400 && !settled; i++) {
      stack.clock.advance(120);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const res = await pending;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expectApiError(res.body, 'ARM_THROTTLED');
    const named = /prune-ubuntu-web-\d{14}-[0-9a-f]{6}/.exec((res.body as { error: { message: string } }).error.message)?.[0];
    expect(named).toBeDefined();
    expect((await listRuns(stack.url, { kind: 'prune', image: 'ubuntu-web' })).map((r) => r.runId)).toContain(named);
  });

  it('POST /api/captures answers 503 when the VM cannot be read, and starts nothing', async () => {
    await injectFault({ method: 'GET', path: '/virtualMachines/vm-golden', status: 503, count: 50 });
    const vmId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${CAPTURE_RG}/providers/Microsoft.Compute/virtualMachines/vm-golden`;
    const res = await postJson(`${stack.url}/api/captures`, { vmId, image: 'ubuntu-web' });
    expect(res.status).toBe(503);
    expectApiError(res.body, 'ARM_UNAVAILABLE');
    const instances = await fetch(`${stack.url}/runtime/webhooks/durabletask/instances?instanceIdPrefix=capture-`);
    expect(await instances.json()).toEqual([]);
    expect(await listRuns(stack.url, { kind: 'capture' })).toEqual([]);
  });

  it('POST …/versions/{version}/promote answers 503 when the version cannot be read, and starts nothing', async () => {
    await injectFault({ method: 'GET', path: '/images/ubuntu-web/versions/1.0.0', status: 503, count: 50 });
    const res = await postJson(`${stack.url}/api/images/ubuntu-web/versions/1.0.0/promote`, {});
    expect(res.status).toBe(503);
    expectApiError(res.body, 'ARM_UNAVAILABLE');
    const instances = await fetch(`${stack.url}/runtime/webhooks/durabletask/instances?instanceIdPrefix=promote-`);
    expect(await instances.json()).toEqual([]);
    expect(await listRuns(stack.url, { kind: 'promote' })).toEqual([]);
  });

  it('POST /api/images/{image}/resume answers 503 when the definition cannot be read, and writes nothing', async () => {
    await injectFault({ method: 'GET', path: '/images/ubuntu-web', status: 503, count: 50 });
    await stack.clearArmRequests();
    const res = await postJson(`${stack.url}/api/images/ubuntu-web/resume`, {});
    expect(res.status).toBe(503);
    expectApiError(res.body, 'ARM_UNAVAILABLE');
    expect((await stack.armRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
