import type { VmRefInput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';

/** Starts a reboot (a `restart` step); the orchestration polls until the VM runs again. */
export function createRestartVmActivity(ports: { compute: ComputePort }) {
  return async (input: VmRefInput): Promise<null> => {
    await ports.compute.startRestartVm(input.vmId);
    return null;
  };
}
