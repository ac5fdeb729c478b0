import type { DeleteVmOutput, VmRefInput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';
import { errorCodeOf } from '../../shared/ports/portError';

/** Starts the deallocation; the orchestration polls the power state. Deallocating twice is harmless in ARM. */
export function createDeallocateVmActivity(ports: { compute: ComputePort }) {
  return async (input: VmRefInput): Promise<null> => {
    await ports.compute.startDeallocateVm(input.vmId);
    return null;
  };
}

/** ARM generalize is synchronous; on an already generalized VM it succeeds again. */
export function createGeneralizeVmActivity(ports: { compute: ComputePort }) {
  return async (input: VmRefInput): Promise<null> => {
    await ports.compute.generalizeVm(input.vmId);
    return null;
  };
}

/** DELETE treats 404 as done (DESIGN.md §4). */
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
