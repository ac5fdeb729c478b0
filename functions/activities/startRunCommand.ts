import type { StartRunCommandInput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';

/** PUT of a named run command: repeating it with the same script is the same command, so retries are safe. */
export function createStartRunCommandActivity(ports: { compute: ComputePort }) {
  return async (input: StartRunCommandInput): Promise<null> => {
    await ports.compute.startRunCommand(input.vmId, input.name, input.spec);
    return null;
  };
}
