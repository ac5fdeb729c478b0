import * as df from 'durable-functions';
import type { AppContext } from '../appContext';
import { createCreateBuildVmActivity } from '../activities/createBuildVm';
import { createEnsureImageDefinitionActivity } from '../activities/ensureImageDefinition';
import { createCreateImageVersionActivity, createDeleteOwnImageVersionActivity, createUpdateImageVersionActivity } from '../activities/createImageVersion';
import {
  createFindCapturedVersionActivity,
  createGetImageDefinitionActivity,
  createListImageVersionsActivity,
  createReadImageVersionActivity,
} from '../activities/galleryReads';
import { checkNames, planBuildVersion } from '../activities/plans';
import { createReadVmActivity } from '../activities/readVm';
import { createResolveBaseImageActivity } from '../activities/resolveBaseImage';
import { createReadRunCommandActivity, createStartRunCommandActivity } from '../activities/runCommands';
import { createSweepBuildVmsActivity } from '../activities/sweepBuildVms';
import { createDeallocateVmActivity, createDeleteVmActivity, createGeneralizeVmActivity } from '../activities/vmPowerActions';
import { captureEligibility } from '../../shared/domain/captureEligibility';
import * as contracts from '../contracts';
import { registerActivity } from '../durable/register';
import { durableRunningBuilds } from '../durable/runningBuilds';

/** The ARM activities build and capture share; features with their own activities register them in their module. */
export function registerActivities(app: AppContext): void {
  const ports = app.ports;
  registerActivity(contracts.readVm, createReadVmActivity(ports));
  registerActivity(contracts.readRunCommand, createReadRunCommandActivity(ports));
  registerActivity(contracts.getImageDefinition, createGetImageDefinitionActivity(ports));
  registerActivity(contracts.listImageVersions, createListImageVersionsActivity(ports));
  registerActivity(contracts.readImageVersion, createReadImageVersionActivity(ports));
  registerActivity(contracts.resolveBaseImage, createResolveBaseImageActivity(ports));
  registerActivity(contracts.findCapturedVersion, createFindCapturedVersionActivity(ports));

  registerActivity(contracts.planBuildVersion, planBuildVersion);
  registerActivity(contracts.checkNames, checkNames);
  registerActivity(contracts.planCapture, captureEligibility);

  const sweepClient = df.input.durableClient();
  registerActivity(
    contracts.sweepBuildVms,
    (input, context) => createSweepBuildVmsActivity(ports, durableRunningBuilds(df.getClient(context)))(input),
    [sweepClient],
  );
  registerActivity(contracts.ensureImageDefinition, createEnsureImageDefinitionActivity(ports));
  registerActivity(contracts.createBuildVm, createCreateBuildVmActivity(ports));
  registerActivity(contracts.startRunCommand, createStartRunCommandActivity(ports));
  registerActivity(contracts.deallocateVm, createDeallocateVmActivity(ports));
  registerActivity(contracts.generalizeVm, createGeneralizeVmActivity(ports));
  registerActivity(contracts.deleteVm, createDeleteVmActivity(ports));
  registerActivity(contracts.createImageVersion, createCreateImageVersionActivity(ports));
  registerActivity(contracts.deleteOwnImageVersion, createDeleteOwnImageVersionActivity(ports));
  registerActivity(contracts.updateImageVersion, createUpdateImageVersionActivity(ports));
}
