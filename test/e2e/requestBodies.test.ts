/**
 * Request bodies through the local host, for every route that reads one: repeated keys, bodies over the 64 KiB limit
 * and anything `POST /api/policy/scans` does not define are refused with 400 VALIDATION_FAILED before the route reads
 * ARM or starts an orchestration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCapturableVmSeed, vmIdOf } from '../support/builders';
import { listRuns, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ seed: { virtualMachines: [aCapturableVmSeed('vm-bodies', 'ubuntu-web')] } });
});
afterAll(async () => {
  await stack?.stop();
});

const VM_ID = vmIdOf('vm-bodies');
const ROUTES = {
  build: '/api/images/ubuntu-web/builds',
  capture: '/api/captures',
  prune: '/api/images/ubuntu-web/prune?dryRun=true',
  scan: '/api/policy/scans',
  resume: '/api/images/ubuntu-web/resume',
  promote: '/api/images/ubuntu-web/versions/1.0.0/promote',
} as const;
const OVER_LIMIT = `{${' '.repeat(64 * 1024)}}`;
const A_MEGABYTE = `{"reason":"${'x'.repeat(1024 * 1024)}"}`;

async function instances(): Promise<{ instanceId: string }[]> {
  return (await (await fetch(`${stack.url}/runtime/webhooks/durabletask/instances`)).json()) as { instanceId: string }[];
}

/** Posts `body` raw and expects 400 VALIDATION_FAILED naming `path`, with nothing started and no ARM request. */
async function expectRefused(route: string, body: string, path: string): Promise<void> {
  await stack.clearArmRequests();
  const before = await instances();
  const runsBefore = await listRuns(stack.url);
  const res = await postJson(`${stack.url}${route}`, undefined, body);
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(400);
  expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path }] } });
  expect(await instances()).toEqual(before);
  expect(await listRuns(stack.url)).toEqual(runsBefore);
  expect(await stack.armRequests()).toEqual([]);
}

describe('a key given twice is refused on every route, at any depth', () => {
  it.each([
    ['build', ROUTES.build, '{"reason":"a","reason":"b"}', 'reason'],
    ['build, spelled with an escape', ROUTES.build, '{"reason":"a","\\u0072eason":"b"}', 'reason'],
    ['capture', ROUTES.capture, `{"vmId":${JSON.stringify(VM_ID)},"image":"ubuntu-web","vmId":${JSON.stringify(VM_ID)}}`, 'vmId'],
    ['capture, nested', ROUTES.capture, `{"vmId":${JSON.stringify(VM_ID)},"x":[{"a":1},{"b":1,"b":2}]}`, 'x[1].b'],
    ['prune', ROUTES.prune, '{"a":1,"a":1}', 'a'],
    ['policy scan', ROUTES.scan, '{"a":{"b":1,"b":2}}', 'a.b'],
    ['resume', ROUTES.resume, '{"a":1,"a":2}', 'a'],
    ['promote', ROUTES.promote, '{"a":[{"b":1,"b":1}]}', 'a[0].b'],
  ])('%s → 400 naming %s', async (_case, route, body, path) => {
    await expectRefused(route, body, path);
  });
});

describe('bodies over 64 KiB are refused on every route', () => {
  it.each(Object.entries(ROUTES))('%s', async (_name, route) => {
    await expectRefused(route, OVER_LIMIT, '(body)');
    await expectRefused(route, A_MEGABYTE, '(body)');
  });
});

describe('POST /api/policy/scans validates its body', () => {
  it.each([
    ['invalid JSON', 'scan everything', '(body)'],
    ['an unknown field', '{"scope":"/subscriptions/x"}', 'scope'],
    ['an array', '[]', '(body)'],
    ['a string', '"go"', '(body)'],
  ])('%s → 400, no scan, no ARM read', async (_case, body, path) => {
    await expectRefused(ROUTES.scan, body, path);
  });

  // Scans take no lock: each start, even in the same second, is a run of its own.
  const scans: string[] = [];
  it.each([
    ['no body', undefined],
    ['{}', '{}'],
  ])('%s starts a scan', async (_case, body) => {
    const res = await postJson(`${stack.url}${ROUTES.scan}`, undefined, body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const id = runIdOf(res);
    expect(id).toMatch(/^policy-scan-\d{14}-[0-9a-f]{6}$/);
    expect(res.body).toMatchObject({ id });
    expect(scans).not.toContain(id);
    scans.push(id);
    expect((await runUntilDone(stack, id)).runtimeStatus).toBe('Completed');
  });
});
