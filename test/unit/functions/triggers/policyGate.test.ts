import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import { checkPolicyGate, policyBlockedResponse } from '../../../../functions/triggers/policyGate';
import { toPolicyReport, type PolicyFinding, type PolicyReport } from '../../../../shared/domain/policy/finding';
import { ReportingDurableClient } from '../../../support/fakeDurableClient';
import { aCatalog } from '../../shared/domain/policy/policyBuilders';

const NOW = new Date('2026-11-25T20:00:07.000Z');
const Completed = df.OrchestrationRuntimeStatus.Completed;


const aReport = (generatedAt: string, high = 0): PolicyReport =>
  toPolicyReport(
    Array.from({ length: high }, (_, i): PolicyFinding => ({ id: `LP001:${i}`, ruleId: 'LP001', severity: 'high', scope: '/subscriptions/x', message: 'm', recommendation: 'r' })),
    generatedAt,
  );

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
