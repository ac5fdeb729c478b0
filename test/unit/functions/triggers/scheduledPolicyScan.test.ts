import { InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import { aRunStore } from '../../../support/runStore';
import { type PolicyTriggerDeps } from '../../../../functions/triggers/startPolicyScan';
import { createScheduledPolicyScanHandler } from '../../../../functions/triggers/scheduledPolicyScan';
import type { Catalog } from '../../../../shared/domain/catalog';
import { ReportingDurableClient } from '../../../support/fakeDurableClient';
import { APP_ROLES, aCatalog } from '../../shared/domain/policy/policyBuilders';

const NOW = new Date('2026-11-25T20:00:07.000Z');
const Running = df.OrchestrationRuntimeStatus.Running;


const catalog: Catalog = aCatalog();
const deps = (overrides: Partial<PolicyTriggerDeps> = {}): PolicyTriggerDeps => ({ catalog, appRoles: APP_ROLES, now: () => NOW, runs: aRunStore(), ...overrides });
const context = () => new InvocationContext({ functionName: 'test' });

describe('scheduledPolicyScan', () => {
  const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } };

  it('starts a scan marked as scheduled and records it as a scheduled run', async () => {
    const client = new ReportingDurableClient();
    const runs = aRunStore();
    await expect(createScheduledPolicyScanHandler(deps({ runs }))(timer, client, context())).resolves.toBeUndefined();
    expect(client.started.map((s) => (s.input as { trigger: string }).trigger)).toEqual(['schedule']);
    const runId = client.started[0]?.instanceId ?? '';
    expect(runId).toMatch(/^policy-scan-20261125200007-[0-9a-f]{6}$/);
    expect(await runs.get(runId)).toEqual({ runId, kind: 'policy-scan', trigger: 'schedule', status: 'Pending', createdAt: NOW.toISOString() });
  });

  it('a timer that fires while a scan runs starts another (scans take no lock) and succeeds', async () => {
    const client = new ReportingDurableClient();
    const handler = createScheduledPolicyScanHandler(deps());
    await handler({ ...timer, isPastDue: true }, client, context());
    client.setStatus(client.started[0]?.instanceId ?? '', Running);
    await expect(handler(timer, client, context())).resolves.toBeUndefined();
    expect(new Set(client.started.map((s) => s.instanceId)).size).toBe(2);
  });
});
