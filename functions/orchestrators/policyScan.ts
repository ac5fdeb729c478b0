import type * as df from 'durable-functions';
import { otherSubscriptionScopes, subscriptionScope } from '../../shared/domain/policy/appRoles';
import type { SubscriptionRbac } from '../../shared/domain/policy/evaluateLeastPrivilege';
import type { PolicyReport } from '../../shared/domain/policy/finding';
import * as contracts from '../contracts';
import { callActivity, callAll } from '../durable/callActivity';
import { setProgress } from '../durable/progress';
import { planRetry } from '../durable/retryOptions';
import type { PolicyScanInput } from '../contracts';
import { DEFAULT_POLICY_THRESHOLD, policyFindings } from '../../shared/domain/notifications/eventBuilders';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { TELEMETRY_EVENTS } from '../../shared/domain/telemetry/names';
import { notify } from './notify/notify';

/**
 * A policy scan run: read RBAC and live names, decide in a plan activity (the report is recorded in
 * history and replays identically), and return the report as the output GET /api/policy/report serves. RBAC is read
 * at the gallery's subscription and, once each in sorted order, at every other subscription a capture or usage scope
 * lives in (derived from the input's catalog alone, so replay asks for the same reads).
 */
export function* policyScanOrchestrator(ctx: df.OrchestrationContext, input: PolicyScanInput): Generator<df.Task, PolicyReport, unknown> {
  const progress = (step: string, detail: string, percent: number) => setProgress(ctx, { step, detail, percent });
  const { gallery } = input.catalog;

  progress('rbac', `reading role assignments and definitions of ${subscriptionScope(input.catalog)}`, 10);
  const rbac = yield* callActivity(ctx, contracts.readPolicyRbac, { scope: subscriptionScope(input.catalog) });

  const others = otherSubscriptionScopes(input.catalog);
  const otherSubscriptions: SubscriptionRbac[] = [];
  if (others.length > 0) {
    progress('rbac', `reading role assignments and definitions of ${others.join(', ')} (capture and usage scopes)`, 30);
    const read = yield* callAll(ctx, contracts.readPolicyRbac, others.map((scope) => ({ scope, noAccessAsFinding: true })));
    others.forEach((scope, index) => {
      const lists = read[index];
      if (lists !== undefined) otherSubscriptions.push({ scope, ...lists });
    });
  }

  progress('names', `reading galleries, definitions and versions of subscription ${gallery.subscriptionId}`, 50);
  const resources = yield* callActivity(ctx, contracts.listPolicyNames, { subscriptionId: gallery.subscriptionId });
  progress('sharing', `reading who gallery ${gallery.name} is shared with`, 70);
  const gallerySharing = yield* callActivity(ctx, contracts.readGallerySharingProfile, { subscriptionId: gallery.subscriptionId, resourceGroup: gallery.resourceGroup, galleryName: gallery.name });

  const assignments = otherSubscriptions.reduce((sum, other) => sum + other.assignments.length, rbac.assignments.length);
  const definitions = otherSubscriptions.reduce((sum, other) => sum + other.roleDefinitions.length, rbac.roleDefinitions.length);
  progress('evaluate', `${assignments} assignments, ${definitions} definitions${otherSubscriptions.length > 0 ? ` in ${1 + otherSubscriptions.length} subscriptions` : ''}, ${resources.length} names`, 80);
  const report = yield* callActivity(
    ctx,
    contracts.planPolicyReport,
    {
      catalog: input.catalog,
      assignments: rbac.assignments,
      roleDefinitions: rbac.roleDefinitions,
      ...(otherSubscriptions.length > 0 ? { otherSubscriptions } : {}),
      appRoles: input.appRoles,
      resources,
      gallerySharing,
      now: ctx.df.currentUtcDateTime.toISOString(),
    },
    planRetry(),
  );

  const { high, medium, low } = report.summary;
  progress('done', `${high} high, ${medium} medium, ${low} low`, 100);
  replaySafeLogger(ctx).event({ event: TELEMETRY_EVENTS.policyScanned, high, medium, low }, `policy scan: ${high} high, ${medium} medium, ${low} low`);
  // Never throws; publishes only when a finding reaches the threshold (a clean scan is not news).
  yield* notify(ctx, policyFindings({ gallery, instanceId: ctx.df.instanceId, report, threshold: DEFAULT_POLICY_THRESHOLD }));
  return report;
}
