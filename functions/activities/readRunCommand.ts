import type { RunCommandRefInput } from '../contracts';
import type { ComputePort, RunCommandView } from '../../shared/ports/computePort';

export function createReadRunCommandActivity(ports: { compute: ComputePort }) {
  return (input: RunCommandRefInput): Promise<RunCommandView> => ports.compute.getRunCommand(input.vmId, input.name);
}
