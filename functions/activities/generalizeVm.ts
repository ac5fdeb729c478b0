import type { GeneralizeVmInput, GeneralizeVmOutput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';
import { errorCodeOf } from '../../shared/ports/portError';

/**
 * ARM generalize is synchronous; on an already generalized VM it succeeds again. ARM refuses it (409
 * OperationNotAllowed) until the VM is off, stopped or deallocated: with `whenOff` that refusal is the answer "not
 * yet", so the call can stand in for the read that would have looked at the power state first.
 */
export function createGeneralizeVmActivity(ports: { compute: ComputePort }) {
  return async (input: GeneralizeVmInput): Promise<GeneralizeVmOutput> => {
    try {
      await ports.compute.generalizeVm(input.vmId);
      return { status: 'generalized' };
    } catch (error) {
      if (input.whenOff === true && errorCodeOf(error) === 'CONFLICT') return { status: 'notOff' };
      throw error;
    }
  };
}
