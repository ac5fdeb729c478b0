import type { RunCommandRefInput, StartRunCommandInput } from '../contracts';
import type { ComputePort, RunCommandView } from '../../shared/ports/computePort';

/** PUT of a named run command: repeating it with the same script is the same command, so retries are safe. */
export function createStartRunCommandActivity(ports: { compute: ComputePort }) {
  return async (input: StartRunCommandInput): Promise<null> => {
    await ports.compute.startRunCommand(input.vmId, input.name, input.spec);
    return null;
  };
}

export function createReadRunCommandActivity(ports: { compute: ComputePort }) {
  return (input: RunCommandRefInput): Promise<RunCommandView> => ports.compute.getRunCommand(input.vmId, input.name);
}
