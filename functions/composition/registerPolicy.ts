import { app as functionsApp } from '@azure/functions';
import * as df from 'durable-functions';
import { createListPolicyNamesActivity } from '../activities/listPolicyNames';
import { planPolicyReport } from '../activities/planPolicyReport';
import { createReadGallerySharingProfileActivity } from '../activities/readGallerySharingProfile';
import { createReadPolicyRbacActivity } from '../activities/readPolicyRbac';
import * as contracts from '../contracts';
import { withCancelledProgress } from '../durable/progress';
import { policyScanOrchestrator } from '../orchestrators/policyScan';
import { loadAppRoles } from '../../shared/config/appRoles';
import { packageVersion } from '../../shared/config/packageVersion';
import { createGetPolicyReportHandler } from '../triggers/getPolicyReport';
import { createScheduledPolicyScanHandler } from '../triggers/scheduledPolicyScan';
import { createStartPolicyScanHandler, type PolicyTriggerDeps } from '../triggers/startPolicyScan';
import type { AppContext } from './appContext';
import { registerDurableRoute } from './registerRoute';
import { withRunRecord } from '../orchestrators/withRunRecord';
import { registerActivity, registerOrchestrator } from './registerDurable';

/** Policy: the scan orchestration, its read-only RBAC and name reads, the routes and the timer. */
export function registerPolicy(app: Pick<AppContext, 'catalog' | 'ports'>): void {
  const deps: PolicyTriggerDeps = { catalog: app.catalog, appRoles: loadAppRoles(), now: () => new Date(), runs: app.ports.runs };

  registerOrchestrator(contracts.policyScan, withRunRecord(withCancelledProgress(policyScanOrchestrator)));
  registerActivity(contracts.readPolicyRbac, createReadPolicyRbacActivity(app.ports));
  registerActivity(contracts.listPolicyNames, createListPolicyNamesActivity(app.ports));
  registerActivity(contracts.planPolicyReport, planPolicyReport);
  registerActivity(contracts.readGallerySharingProfile, createReadGallerySharingProfileActivity(app.ports));

  const startScan = createStartPolicyScanHandler(deps);
  registerDurableRoute({ name: 'startPolicyScan', route: 'policy/scans', method: 'POST', role: 'Operator' }, startScan);

  const getReport = createGetPolicyReportHandler({ now: deps.now, toolVersion: packageVersion() });
  registerDurableRoute({ name: 'getPolicyReport', route: 'policy/report', method: 'GET', role: 'Reader', query: ['format'] }, (request, client) => getReport(request, client));

  const scheduled = createScheduledPolicyScanHandler(deps);
  functionsApp.timer('scheduledPolicyScan', {
    schedule: '%POLICY_SCAN_SCHEDULE%',
    extraInputs: [df.input.durableClient()],
    handler: (timer, context) => scheduled(timer, df.getClient(context), context),
  });
}
