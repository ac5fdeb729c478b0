import type { VmRefInput } from '../contracts';
import type { BuildVmSpec, ComputePort } from '../../shared/ports/computePort';
import { errorCodeOf } from '../../shared/ports/portError';

/**
 * Starts the build VM. PUT with a deterministic name is idempotent; a VM that already exists with this build's
 * tag (a retry after an unseen success) is success, one with another build's tag is a conflict.
 */
export function createCreateBuildVmActivity(ports: { compute: ComputePort }) {
  return async (spec: BuildVmSpec): Promise<VmRefInput> => {
    const vmId = `/subscriptions/${spec.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${spec.name}`;
    try {
      const existing = await ports.compute.getVm(vmId);
      if (existing.tags['autopilot-build'] !== spec.tags['autopilot-build']) {
        throw new Error(`CONFLICT: VM ${spec.name} exists and belongs to build ${existing.tags['autopilot-build'] ?? '(none)'}`);
      }
      return { vmId: existing.id || vmId };
    } catch (error) {
      if (errorCodeOf(error) !== 'NOT_FOUND') throw error;
    }
    await ports.compute.startCreateVm(spec);
    return { vmId };
  };
}
