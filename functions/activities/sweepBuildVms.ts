import type { SweepInput, SweepOutput } from '../contracts';
import type { ComputePort, VmView } from '../../shared/ports/computePort';
import { errorCodeOf } from '../../shared/ports/portError';
import type { RunningBuilds } from '../../shared/ports/runningBuilds';
import { BUILD_TAG, INSTANCE_TAG } from '../../shared/domain/tags';

/**
 * Termination skips `finally`, so temporary VMs can outlive their build (docs/architecture.md#cleanup-and-the-sweeper). Deletes every VM tagged
 * `autopilot-build` whose `autopilot-instance` is not running that build ID. Starting a delete twice is fine. A build
 * names its own VM (`ownVmId`): the same list then answers the build's wait for that VM, one request for both.
 */
export function createSweepBuildVmsActivity(ports: { compute: ComputePort }, builds: RunningBuilds) {
  return async (input: SweepInput): Promise<SweepOutput> => {
    const vms = await ports.compute.listVms(input.subscriptionId, input.resourceGroup);
    const deleted: string[] = [];
    const kept: string[] = [];
    const ownId = input.ownVmId?.toLowerCase();
    let own: VmView | undefined;
    for (const vm of vms) {
      if (ownId !== undefined && vm.id.toLowerCase() === ownId) {
        own = vm;
        kept.push(vm.id);
        continue;
      }
      const buildId = vm.tags[BUILD_TAG];
      if (buildId === undefined) continue;
      const instanceId = vm.tags[INSTANCE_TAG];
      const running = instanceId === undefined ? null : await builds.runningBuildId(instanceId);
      if (running === buildId) {
        kept.push(vm.id);
        continue;
      }
      try {
        await ports.compute.startDeleteVm(vm.id);
      } catch (error) {
        if (errorCodeOf(error) !== 'NOT_FOUND') throw error;
      }
      deleted.push(vm.id);
    }
    return own === undefined ? { deleted, kept } : { deleted, kept, own };
  };
}
