import type { DeleteVmOutput, VmRefInput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';
import { errorCodeOf } from '../../shared/ports/portError';

/** DELETE treats 404 as done (docs/architecture.md#activities-adapters-and-state). */
export function createDeleteVmActivity(ports: { compute: ComputePort }) {
  return async (input: VmRefInput): Promise<DeleteVmOutput> => {
    try {
      await ports.compute.startDeleteVm(input.vmId);
      return { status: 'deleting' };
    } catch (error) {
      if (errorCodeOf(error) === 'NOT_FOUND') return { status: 'alreadyGone' };
      throw error;
    }
  };
}
