import type { VmRefInput } from '../contracts';
import type { BuildVmSpec, ComputePort } from '../../shared/ports/computePort';
import { errorCodeOf } from '../../shared/ports/portError';

/**
 * Starts the build VM with a create-only PUT (deterministic name), so the usual run costs one request. Only when
 * ARM refuses it because the VM exists is the VM read: with this build's tag (a retry after an unseen success) it
 * is success, with another build's tag a conflict. Nothing is ever written to a VM that exists.
 */
export function createCreateBuildVmActivity(ports: { compute: ComputePort }) {
  return async (spec: BuildVmSpec): Promise<VmRefInput> => {
    const vmId = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${spec.name}`;
    try {
      await ports.compute.startCreateVm(spec);
      return { vmId };
    } catch (error) {
      if (errorCodeOf(error) !== 'CONFLICT') throw error;
      const existing = await existingVm(ports.compute, vmId);
      // A 409 for another reason on a VM that is not there is ARM's own answer: passed on as it came.
      if (existing === null) throw error;
      if (existing.tags['autopilot-build'] !== spec.tags['autopilot-build']) {
        throw new Error(`CONFLICT: VM ${spec.name} exists and belongs to build ${existing.tags['autopilot-build'] ?? '(none)'}`);
      }
      return { vmId: existing.id || vmId };
    }
  };
}

async function existingVm(compute: ComputePort, vmId: string) {
  try {
    return await compute.getVm(vmId);
  } catch (error) {
    if (errorCodeOf(error) === 'NOT_FOUND') return null;
    throw error;
  }
}
