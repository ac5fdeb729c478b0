import type { VmRefInput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';

/** Starts the deallocation; the orchestration polls the power state. Deallocating twice is harmless in ARM. */
export function createDeallocateVmActivity(ports: { compute: ComputePort }) {
  return async (input: VmRefInput): Promise<null> => {
    await ports.compute.startDeallocateVm(input.vmId);
    return null;
  };
}
