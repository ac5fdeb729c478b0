/** What a finished run command does to its VM: a deprovision script shuts the guest down, ready to generalize. */
import type { EmulatorContext } from './context';
import { writeOutputBlobs } from './runCommandOutputs';
import { isDeprovisionScript } from './runCommandRules';
import { stringAt, objectAt } from './json';

export function applyRunCommandFinished(ctx: EmulatorContext, runCommandId: string): void {
  const command = ctx.store.get(runCommandId, 'Microsoft.Compute/virtualMachines/runCommands');
  if (!command || command.finished) return;
  command.finished = true;
  const script = stringAt(objectAt(command.properties, 'source'), 'script') ?? '';
  const vm = ctx.store.get(command.vmId, 'Microsoft.Compute/virtualMachines');
  if (vm && command.exitCode === 0 && isDeprovisionScript(script)) {
    vm.power = 'stopped';
    vm.deprovisioned = true;
  } else {
    // A deprovision removes the agent that would upload the output; every other command reports.
    writeOutputBlobs(ctx, command);
  }
  ctx.store.changed();
}
