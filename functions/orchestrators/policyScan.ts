import type * as df from 'durable-functions';
import { subscriptionScope } from '../../shared/domain/policy/appRoles';
import type { PolicyReport } from '../../shared/domain/policy/finding';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { setProgress } from '../durable/progress';
import { planRetry } from '../durable/retryOptions';
import * as policy from './policyContracts';
import type { PolicyScanInput } from './policyContracts';

/**
 * `policy-scan-<yyyymmddhhmmss>`: read RBAC and live names, decide in a plan activity (the report is recorded in
 * history and replays identically), and return the report as the output GET /api/policy/report serves.
 */
export function* policyScanOrchestrator(ctx: df.OrchestrationContext, input: PolicyScanInput): Generator<df.Task, PolicyReport, unknown> {
  const progress = (step: string, detail: string, percent: number) => setProgress(ctx, { step, detail, percent });
  const { gallery } = input.catalog;

  progress('rbac', `reading role assignments and definitions of ${subscriptionScope(input.catalog)}`, 10);
  const rbac = yield* callActivity(ctx, policy.readPolicyRbac, { scope: subscriptionScope(input.catalog) });

  progress('names', `reading galleries, definitions and versions of subscription ${gallery.subscriptionId}`, 50);
  const resources = yield* callActivity(ctx, policy.listPolicyNames, { subscriptionId: gallery.subscriptionId });

  progress('evaluate', `${rbac.assignments.length} assignments, ${rbac.roleDefinitions.length} definitions, ${resources.length} names`, 80);
  const report = yield* callActivity(
    ctx,
    policy.planPolicyReport,
    {
      catalog: input.catalog,
      assignments: rbac.assignments,
      roleDefinitions: rbac.roleDefinitions,
      appRoles: input.appRoles,
      resources,
      now: ctx.df.currentUtcDateTime.toISOString(),
    },
    planRetry(),
  );

  const { high, medium, low } = report.summary;
  progress('done', `${high} high, ${medium} medium, ${low} low`, 100);
  // Never throws; publishes only when a finding reaches the threshold (a clean scan is not news).
  yield* contracts.notify(ctx, contracts.policyFindings({ gallery, instanceId: ctx.df.instanceId, report, threshold: contracts.DEFAULT_POLICY_THRESHOLD }));
  return report;
}
