import { createTagImageVersionActivity } from '../activities/tagImageVersion';
import * as contracts from '../contracts';
import { validateRegionOrchestrator } from '../orchestrators/validateRegion';
import { createDecideApprovalHandler } from '../triggers/decideApproval';
import type { AppContext } from './appContext';
import { registerActivity, registerOrchestrator } from './registerDurable';
import { registerDurableRoute } from './registerRoute';

/**
 * The validation gate of builds (docs/publishing.md#the-validation-gate): one test VM per region (`validateRegion`),
 * the verdict tag on the version, and the routes that approve or reject a validated version.
 */
export function registerValidation(app: AppContext): void {
  registerOrchestrator(contracts.validateRegion, validateRegionOrchestrator);
  registerActivity(contracts.tagImageVersion, createTagImageVersionActivity(app.ports));
  registerDurableRoute({ name: 'approveRun', route: 'runs/{runId}/approve', method: 'POST', role: 'Admin' }, createDecideApprovalHandler(app, 'approve'));
  registerDurableRoute({ name: 'rejectRun', route: 'runs/{runId}/reject', method: 'POST', role: 'Admin' }, createDecideApprovalHandler(app, 'reject'));
}
