/**
 * Acceptance: `enforce: block` (issue 9, docs/http-api.md#start-a-build): with high findings in the latest report, builds are refused
 * with 403 POLICY_BLOCKED before anything starts; the scheduledPolicyScan timer runs from the admin API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, rebuildRunItems, RUN_ID } from './support/kit';
import { checkStatusPayload, errorBody, policyReport, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal({ editCatalog: (catalog) => ((catalog.policy as Record<string, unknown>).enforce = 'block') });
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('enforce: block', () => {
  it('refuses a build with 403 POLICY_BLOCKED once a scan found high findings (the seed has them)', async () => {
    const scan = await client.api('POST', '/api/policy/scans');
    expect(scan.status, scan.text).toBe(202);
    const report = shape(policyReport, (await client.untilTerminal(shape(checkStatusPayload, scan.body).statusQueryGetUri)).output);
    expect(report.summary.high).toBeGreaterThan(0);
    await client.control('DELETE', 'requests');
    const res = await client.api('POST', '/api/images/ubuntu-2204-docker/builds', { body: {} });
    expect(res.status, res.text).toBe(403);
    expect(shape(errorBody, res.body).error.code).toBe('POLICY_BLOCKED');
    expect(await client.instances({ instanceIdPrefix: 'build-' })).toEqual([]);
    expect(await client.runs({ kind: 'build' })).toEqual([]);
    expect((await client.armRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('records due images blocked in a scheduled run and builds none of them', async () => {
    // A newer Ubuntu base image makes the two Ubuntu images due.
    const jammy = { location: 'westeurope', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2' };
    expect((await client.control('POST', 'marketplace', { ...jammy, version: '22.04.202612010' })).status).toBe(201);
    const run = await client.runScheduledRebuild();
    expect(run.runtimeStatus).toBe('Completed');
    const items = rebuildRunItems(run);
    const blocked = items.filter((item) => item.reasons?.includes('policy-blocked'));
    expect(blocked.map((item) => item.image).sort(), JSON.stringify(items)).toEqual(['ubuntu-2204-base', 'ubuntu-2204-docker']);
    for (const item of blocked) expect(item.status).toBe('blocked');
    expect(items.filter((item) => item.status === 'rebuild')).toEqual([]);
    expect(await client.instances({ instanceIdPrefix: 'build-' })).toEqual([]);
    expect(await client.runs({ kind: 'build' })).toEqual([]);
  });

  it('runs scheduledPolicyScan from the admin API into a policy-scan-<yyyymmddhhmmss>-<hex> report', async () => {
    const done = await client.runTimer('scheduledPolicyScan', RUN_ID.policyScan, 'policy-scan-');
    expect(done.runtimeStatus).toBe('Completed');
    shape(policyReport, done.output);
    expect((await client.runs({ kind: 'policy-scan', top: 1 }))[0]).toMatchObject({ runId: done.instanceId, trigger: 'schedule', status: 'Completed' });
  });
});
