import { app as functionsApp } from '@azure/functions';
import * as df from 'durable-functions';
import type { RoleAssignmentPort } from '../../shared/ports/rbac';
import type { GalleryInventoryPort } from '../../shared/ports/rbacGalleryInventory';
import { createListPolicyNamesActivity, createReadPolicyRbacActivity, planPolicyReportActivity } from '../activities/policyScanActivities';
import type { Catalog } from '../../shared/domain/catalog';
import { registerActivity, registerOrchestrator } from '../durable/register';
import * as policy from '../contracts/policy';
import { policyScanOrchestrator } from '../orchestrators/policyScan';
import { loadAppRoles } from '../../shared/config/appRoles';
import { createGetPolicyReportHandler, createStartPolicyScanHandler, type PolicyTriggerDeps } from '../triggers/policyScans';
import { createScheduledPolicyScanHandler } from '../triggers/scheduledPolicyScan';
import { withApiErrors } from '../triggers/http/withApiErrors';

/**
 * What the policy feature reads from the composition root: the catalog and its two read-only ports. An AppContext
 * whose Ports carry `rbac` and `galleryInventory` (built in functions/dependencies.ts) satisfies it as it is.
 */
export interface PolicyAppContext {
  catalog: Catalog;
  ports: { rbac: RoleAssignmentPort; galleryInventory: GalleryInventoryPort };
}

export function registerPolicy(app: PolicyAppContext): void {
  const deps: PolicyTriggerDeps = { catalog: app.catalog, appRoles: loadAppRoles(), now: () => new Date() };

  registerOrchestrator(policy.policyScan, policyScanOrchestrator);
  registerActivity(policy.readPolicyRbac, createReadPolicyRbacActivity(app.ports));
  registerActivity(policy.listPolicyNames, createListPolicyNamesActivity(app.ports));
  registerActivity(policy.planPolicyReport, planPolicyReportActivity);

  const startScan = createStartPolicyScanHandler(deps);
  functionsApp.http('startPolicyScan', {
    route: 'policy/scans',
    methods: ['POST'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => startScan(request, df.getClient(context), context)),
  });

  const getReport = createGetPolicyReportHandler(deps);
  functionsApp.http('getPolicyReport', {
    route: 'policy/report',
    methods: ['GET'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => getReport(request, df.getClient(context))),
  });

  const scheduled = createScheduledPolicyScanHandler(deps);
  functionsApp.timer('scheduledPolicyScan', {
    schedule: '%POLICY_SCAN_SCHEDULE%',
    extraInputs: [df.input.durableClient()],
    handler: (timer, context) => scheduled(timer, df.getClient(context), context),
  });
}
