import type { ReadVmOutput, VmRefInput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';
import { errorCodeOf } from '../../shared/ports/portError';
import { exactImageOrigin } from '../../shared/domain/provenance';
import { baseImageTagValue } from '../../shared/domain/rebuildPlan';
import { sha256Hex } from '../../shared/domain/hashing';

/**
 * A VM that is gone is an answer, not a failure: polling a delete and sweeping both expect it. With the VM comes the
 * base-image tag a capture of it records (hashing needs crypto, which orchestrators may not use).
 */
export function createReadVmActivity(ports: { compute: ComputePort }) {
  return async (input: VmRefInput): Promise<ReadVmOutput> => {
    try {
      const vm = await ports.compute.getVm(input.vmId);
      const origin = exactImageOrigin(vm.imageReference);
      return origin === null ? { exists: true, vm } : { exists: true, vm, baseImageTag: baseImageTagValue(origin, sha256Hex) };
    } catch (error) {
      if (errorCodeOf(error) === 'NOT_FOUND') return { exists: false };
      throw error;
    }
  };
}
