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
