import { HttpRequest, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import { aRunStore } from '../../../support/runStore';
import { createStartPolicyScanHandler, type PolicyTriggerDeps } from '../../../../functions/triggers/startPolicyScan';
import type { Catalog } from '../../../../shared/domain/catalog';
import { ReportingDurableClient } from '../../../support/fakeDurableClient';
import { APP_ROLES, aCatalog } from '../../shared/domain/policy/policyBuilders';

const NOW = new Date('2026-11-25T20:00:07.000Z');
const Running = df.OrchestrationRuntimeStatus.Running;


const catalog: Catalog = aCatalog();
const deps = (overrides: Partial<PolicyTriggerDeps> = {}): PolicyTriggerDeps => ({ catalog, appRoles: APP_ROLES, now: () => NOW, runs: aRunStore(), ...overrides });
const context = () => new InvocationContext({ functionName: 'test' });
const post = (body?: string) => new HttpRequest({ method: 'POST', url: 'http://127.0.0.1/api/policy/scans', ...(body === undefined ? {} : { body: { string: body } }) });

describe('POST /api/policy/scans', () => {
  it('starts a policy-scan-<yyyymmddhhmmss>-<hex> run with the catalog slice and the app roles, 202 with the run ID and the status URLs', async () => {
    const client = new ReportingDurableClient();
    const response = await createStartPolicyScanHandler(deps())(post(), client, context());
    expect(response.status).toBe(202);
    expect(client.started).toHaveLength(1);
    const runId = client.started[0]?.instanceId ?? '';
    expect(runId).toMatch(/^policy-scan-20261125200007-[0-9a-f]{6}$/);
    expect(response.headers.get('location')).toBe(`http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/${runId}`);
    expect(await response.json()).toMatchObject({ id: runId, runId });
    expect(client.started[0]).toMatchObject({
      name: 'policyScan',
      input: { trigger: 'http', appRoles: APP_ROLES, catalog: { gallery: { name: 'gal_main' }, policy: { enforce: 'report' } } },
    });
  });

  it('records the scan as an http run created on the handler\'s clock', async () => {
    const client = new ReportingDurableClient();
    const runs = aRunStore();
    await createStartPolicyScanHandler(deps({ runs }))(post(), client, context());
    const runId = client.started[0]?.instanceId ?? '';
    expect(await runs.get(runId)).toEqual({ runId, kind: 'policy-scan', trigger: 'http', status: 'Pending', createdAt: NOW.toISOString() });
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
    ['an unknown field', '{"scope":"/subscriptions/x"}', 'scope'],
    ['an array', '[]', '(body)'],
    ['null', 'null', '(body)'],
    ['a repeated key', '{"a":1,"a":2}', 'a'],
    ['a megabyte', `{}${' '.repeat(1024 * 1024)}`, '(body)'],
  ])('%s → 400 VALIDATION_FAILED, nothing started', async (_case, body, path) => {
    const client = new ReportingDurableClient();
    const runs = aRunStore();
    const response = await createStartPolicyScanHandler(deps({ runs }))(post(body), client, context());
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path }] } });
    expect(client.started).toEqual([]);
    expect((await runs.list({}, 10)).runs).toEqual([]);
  });

  it('scans take no lock: a second start while the first runs starts a second run with its own ID', async () => {
    const client = new ReportingDurableClient();
    const runs = aRunStore();
    const handler = createStartPolicyScanHandler(deps({ runs }));
    await handler(post(), client, context());
    const first = client.started[0]?.instanceId ?? '';
    client.setStatus(first, Running);
    const again = await handler(post(), client, context());
    expect(again.status).toBe(202);
    expect(client.started).toHaveLength(2);
    const second = client.started[1]?.instanceId ?? '';
    expect(second).toMatch(/^policy-scan-20261125200007-[0-9a-f]{6}$/);
    expect(second).not.toBe(first);
    expect(await again.json()).toMatchObject({ runId: second });
    expect((await runs.list({ kind: 'policy-scan' }, 10)).runs.map((r) => r.runId).sort()).toEqual([first, second].sort());
    expect(client.instances.get(first)?.runtimeStatus).toBe(Running);
  });
});
