import { HttpRequest, InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestPolicyReport } from '../../../../functions/triggers/latestPolicyReport';
import { checkPolicyGate, policyBlockedResponse } from '../../../../functions/triggers/policyGate';
import { createStartPolicyScanHandler, type PolicyTriggerDeps } from '../../../../functions/triggers/startPolicyScan';
import { createScheduledPolicyScanHandler } from '../../../../functions/triggers/scheduledPolicyScan';
import type { Catalog } from '../../../../shared/domain/catalog';
import { toPolicyReport, type PolicyFinding, type PolicyReport } from '../../../../shared/domain/policy/finding';
import { FakeDurableClient } from '../../../support/fakeDurableClient';
import { APP_ROLES, aCatalog } from '../../shared/domain/policy/policyBuilders';
import { createGetPolicyReportHandler } from '../../../../functions/triggers/getPolicyReport';

const NOW = new Date('2026-11-25T20:00:07.000Z');
const Completed = df.OrchestrationRuntimeStatus.Completed;
const Running = df.OrchestrationRuntimeStatus.Running;

/** FakeDurableClient with a helper that records finished or running scans. */
class ReportingDurableClient extends FakeDurableClient {
  constructor(listOutputs = true) {
    super();
    this.listsOutputs = listOutputs;
  }
  scan(at: string, runtimeStatus: df.OrchestrationRuntimeStatus, output: unknown): string {
    const id = `policy-scan-${at.replace(/[-:TZ.]/g, '').slice(0, 14)}`;
    this.setStatus(id, runtimeStatus, { name: 'policyScan', createdTime: new Date(at), output });
    return id;
  }
}

const catalog: Catalog = aCatalog();
const deps = (overrides: Partial<PolicyTriggerDeps> = {}): PolicyTriggerDeps => ({ catalog, appRoles: APP_ROLES, now: () => NOW, ...overrides });
const aReport = (generatedAt: string, high = 0): PolicyReport =>
  toPolicyReport(
    Array.from({ length: high }, (_, i): PolicyFinding => ({ id: `LP001:${i}`, ruleId: 'LP001', severity: 'high', scope: '/subscriptions/x', message: 'm', recommendation: 'r' })),
    generatedAt,
  );
const context = () => new InvocationContext({ functionName: 'test' });
const post = (body?: string) => new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/policy/scans', ...(body === undefined ? {} : { body: { string: body } }) });
const get = () => new HttpRequest({ method: 'GET', url: 'http://127.0.0.1/api/policy/report' });

describe('POST /api/policy/scans', () => {
  it('starts policy-scan-<yyyymmddhhmmss> with the catalog slice and the app roles, 202 with the status URLs', async () => {
    const client = new ReportingDurableClient();
    const response = await createStartPolicyScanHandler(deps())(post(), client, context());
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toContain('/instances/policy-scan-20261125200007');
    expect(await response.json()).toMatchObject({ id: 'policy-scan-20261125200007' });
    expect(client.started).toHaveLength(1);
    expect(client.started[0]).toMatchObject({
      name: 'policyScan',
      input: { trigger: 'http', appRoles: APP_ROLES, catalog: { gallery: { name: 'gal_main' }, policy: { enforce: 'report' } } },
    });
  });

  it.each([
    ['an empty body', ''],
    ['an empty object', '{}'],
    ['an empty object with whitespace', ' { }\n'],
  ])('%s starts a scan', async (_case, body) => {
    const client = new ReportingDurableClient();
    expect((await createStartPolicyScanHandler(deps())(post(body), client, context())).status).toBe(202);
    expect(client.started).toHaveLength(1);
  });

  it.each([
    ['invalid JSON', 'scan please', '(body)'],
    ['an unknown field', '{"scope":"/subscriptions/x"}', '(body)'],
    ['an array', '[]', '(body)'],
    ['null', 'null', '(body)'],
    ['a repeated key', '{"a":1,"a":2}', 'a'],
    ['a megabyte', `{}${' '.repeat(1024 * 1024)}`, '(body)'],
  ])('%s → 400 VALIDATION_FAILED, nothing started', async (_case, body, path) => {
    const client = new ReportingDurableClient();
    const response = await createStartPolicyScanHandler(deps())(post(body), client, context());
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path }] } });
    expect(client.started).toEqual([]);
  });

  it('a second start in the same second answers with the running instance instead of starting another', async () => {
    const client = new ReportingDurableClient();
    const handler = createStartPolicyScanHandler(deps());
    await handler(post(), client, context());
    client.setStatus('policy-scan-20261125200007', Running);
    const again = await handler(post(), client, context());
    expect(again.status).toBe(202);
    expect(client.started).toHaveLength(1);
  });
});

describe('scheduledPolicyScan', () => {
  const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } };

  it('starts a scan marked as scheduled, and treats one already running as done', async () => {
    const client = new ReportingDurableClient();
    const handler = createScheduledPolicyScanHandler(deps());
    await handler(timer, client, context());
    client.setStatus('policy-scan-20261125200007', Running);
    await expect(handler(timer, client, context())).resolves.toBeUndefined();
    expect(client.started.map((s) => (s.input as { trigger: string }).trigger)).toEqual(['schedule']);
  });
});

describe('GET /api/policy/report', () => {
  it('404 NO_REPORT before any scan completed', async () => {
    const client = new ReportingDurableClient();
    client.scan('2026-11-25T19:00:00Z', Running, null);
    const response = await createGetPolicyReportHandler(deps())(get(), client);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NO_REPORT', message: expect.stringContaining('POST /api/policy/scans'), details: [] } });
  });

  it('200 with the newest completed scan output, ignoring running scans, other orchestrations and outputs that are not reports', async () => {
    const client = new ReportingDurableClient();
    client.scan('2026-11-24T03:00:00Z', Completed, aReport('2026-11-24T03:00:00.000Z'));
    const newest = client.scan('2026-11-25T03:00:00Z', Completed, aReport('2026-11-25T03:00:00.000Z', 2));
    client.scan('2026-11-25T04:00:00Z', Completed, { not: 'a report' });
    client.scan('2026-11-25T05:00:00Z', Running, null);
    client.setStatus('prune-zzz', Completed, { createdTime: new Date('2026-11-25T06:00:00Z'), output: aReport('x') });
    const response = await createGetPolicyReportHandler(deps())(get(), client);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-policy-scan-instance')).toBe(newest);
    expect(await response.json()).toMatchObject({ generatedAt: '2026-11-25T03:00:00.000Z', summary: { high: 2, medium: 0, low: 0 } });
  });

  it('finds an old report through the wider windows, and reads outputs the listing left out', async () => {
    const client = new ReportingDurableClient(false);
    client.scan('2026-01-02T03:00:00Z', Completed, aReport('2026-01-02T03:00:00.000Z', 1));
    const latest = await latestPolicyReport(client, NOW);
    expect(latest?.report.generatedAt).toBe('2026-01-02T03:00:00.000Z');
    expect(client.listings.map((f) => f.createdTimeFrom?.toISOString() ?? 'all')).toEqual(['2026-11-23T20:00:07.000Z', '2026-10-11T20:00:07.000Z', 'all']);
  });

  it('always returns the greatest completed policy-scan ID holding a report (property)', async () => {
    const instance = fc.record({
      at: fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2026-11-25') }).map((ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString()),
      completed: fc.boolean(),
      valid: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(instance, { selector: (i) => i.at, maxLength: 12 }), async (instances) => {
        const client = new ReportingDurableClient();
        const ids = instances.map((i) => ({ ...i, id: client.scan(i.at, i.completed ? Completed : Running, i.valid ? aReport(i.at) : 'junk') }));
        const expected = ids.filter((i) => i.completed && i.valid).map((i) => i.id).sort().at(-1);
        const latest = await latestPolicyReport(client, NOW);
        return latest?.instanceId === expected;
      }),
      { numRuns: 60 },
    );
  });
});

describe('policy gate (enforce: block)', () => {
  it.each<['report' | 'block', number | null, boolean]>([
    ['block', 2, true],
    ['block', 0, false],
    ['block', null, false],
    ['report', 2, false],
  ])('enforce %s with %s high findings in the latest report → blocked %s', async (enforce, high, blocked) => {
    const client = new ReportingDurableClient();
    if (high !== null) client.scan('2026-11-25T03:00:00Z', Completed, aReport('2026-11-25T03:00:00.000Z', high));
    const gate = await checkPolicyGate(client, aCatalog({ enforce }), NOW);
    expect(gate.blocked).toBe(blocked);
    if (enforce === 'report') expect(client.listings).toEqual([]);
  });

  it('a blocked gate answers 403 POLICY_BLOCKED naming the image and the setting', async () => {
    const client = new ReportingDurableClient();
    client.scan('2026-11-25T03:00:00Z', Completed, aReport('2026-11-25T03:00:00.000Z', 1));
    const gate = await checkPolicyGate(client, aCatalog({ enforce: 'block' }), NOW);
    if (!gate.blocked) throw new Error('expected a blocked gate');
    const response = policyBlockedResponse(gate, 'ubuntu-base');
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: 'POLICY_BLOCKED', message: expect.stringMatching(/^builds of ubuntu-base are blocked: .*1 high finding/), details: [{ path: 'policy.enforce', message: expect.any(String) }] },
    });
  });
});
