import type { VmRefInput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';

/** ARM generalize is synchronous; on an already generalized VM it succeeds again. */
export function createGeneralizeVmActivity(ports: { compute: ComputePort }) {
  return async (input: VmRefInput): Promise<null> => {
    await ports.compute.generalizeVm(input.vmId);
    return null;
  };
}
