import * as df from 'durable-functions';
import { checkNames } from '../activities/checkNames';
import { createCreateBuildVmActivity } from '../activities/createBuildVm';
import { createCreateImageVersionActivity } from '../activities/createImageVersion';
import { createDeallocateVmActivity } from '../activities/deallocateVm';
import { createRestartVmActivity } from '../activities/restartVm';
import { createReadUserAssignedIdentityActivity } from '../activities/readUserAssignedIdentity';
import { createDeleteOwnImageVersionActivity } from '../activities/deleteOwnImageVersion';
import { createDeleteVmActivity } from '../activities/deleteVm';
import { createEnsureImageDefinitionActivity } from '../activities/ensureImageDefinition';
import { createFindCapturedVersionActivity } from '../activities/findCapturedVersion';
import { createGeneralizeVmActivity } from '../activities/generalizeVm';
import { createGetImageDefinitionActivity } from '../activities/getImageDefinition';
import { createListImageVersionsActivity } from '../activities/listImageVersions';
import { planBuildVersion } from '../activities/planBuildVersion';
import { planCapture } from '../activities/planCapture';
import { createReadImageVersionActivity } from '../activities/readImageVersion';
import { createReadRunCommandActivity } from '../activities/readRunCommand';
import { createReadVmActivity } from '../activities/readVm';
import { createResolveBaseImageActivity } from '../activities/resolveBaseImage';
import { createStartRunCommandActivity } from '../activities/startRunCommand';
import { createSweepBuildVmsActivity } from '../activities/sweepBuildVms';
import { createUpdateImageVersionActivity } from '../activities/updateImageVersion';
import * as contracts from '../contracts';
import type { AppContext } from './appContext';
import { durableRunningBuilds } from './durableRunningBuilds';
import { registerActivity } from './registerDurable';

/** The ARM activities builds, captures and scheduled runs share; features with their own activities register them. */
export function registerSharedActivities(app: AppContext): void {
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
  registerActivity(contracts.planCapture, planCapture);

  // The sweeper asks Durable which builds run: the activity gets the durable client as an extra input.
  registerActivity(
    contracts.sweepBuildVms,
    (input, context) => createSweepBuildVmsActivity(ports, durableRunningBuilds(df.getClient(context)))(input),
    [df.input.durableClient()],
  );
  registerActivity(contracts.ensureImageDefinition, createEnsureImageDefinitionActivity(ports));
  registerActivity(contracts.createBuildVm, createCreateBuildVmActivity(ports));
  registerActivity(contracts.startRunCommand, createStartRunCommandActivity(ports));
  registerActivity(contracts.deallocateVm, createDeallocateVmActivity(ports));
  registerActivity(contracts.restartVm, createRestartVmActivity(ports));
  registerActivity(contracts.readUserAssignedIdentity, createReadUserAssignedIdentityActivity(ports));
  registerActivity(contracts.generalizeVm, createGeneralizeVmActivity(ports));
  registerActivity(contracts.deleteVm, createDeleteVmActivity(ports));
  registerActivity(contracts.createImageVersion, createCreateImageVersionActivity(ports));
  registerActivity(contracts.deleteOwnImageVersion, createDeleteOwnImageVersionActivity(ports));
  registerActivity(contracts.updateImageVersion, createUpdateImageVersionActivity(ports));
}
