import type { ReadVmOutput, VmRefInput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';
import { errorCodeOf } from '../../shared/ports/portError';

/** A VM that is gone is an answer, not a failure: polling a delete and sweeping both expect it. */
export function createReadVmActivity(ports: { compute: ComputePort }) {
  return async (input: VmRefInput): Promise<ReadVmOutput> => {
    try {
      return { exists: true, vm: await ports.compute.getVm(input.vmId) };
    } catch (error) {
      if (errorCodeOf(error) === 'NOT_FOUND') return { exists: false };
      throw error;
    }
  };
}
