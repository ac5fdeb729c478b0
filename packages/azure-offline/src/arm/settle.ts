/**
 * Applies due timers in time order. Called before every request and whenever the clock moves, so what a client reads
 * is always the state "as of now" on the shared clock, with no background loop.
 */
import type { EmulatorContext } from './context';
import type { Effect } from './state';
import { applyRunCommandFinished } from './runCommandEffects';
import { completePendingReboot } from './windowsUpdateGuest';

export function settle(ctx: EmulatorContext, now: number): void {
  const state = ctx.store.state;
  if (!state.timers.some((t) => t.at <= now)) return;
  const due = state.timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at);
  state.timers = state.timers.filter((t) => t.at > now);
  for (const timer of due) applyEffect(ctx, timer.effect);
  ctx.store.changed();
}

function applyEffect(ctx: EmulatorContext, effect: Effect): void {
  const store = ctx.store;
  switch (effect.kind) {
    case 'provisioned': {
      const record = store.state.resources[effect.resourceId.toLowerCase()];
      if (record) record.properties.provisioningState = effect.state;
      return;
    }
    case 'deleteResource':
      store.remove(effect.resourceId);
      return;
    case 'vmPower': {
      const vm = store.get(effect.vmId, 'Microsoft.Compute/virtualMachines');
      if (vm) vm.power = effect.power;
      if (vm && effect.power === 'running') completePendingReboot(vm);
      return;
    }
    case 'runCommandFinished':
      applyRunCommandFinished(ctx, effect.runCommandId);
      return;
    case 'setProperty': {
      const record = store.state.resources[effect.resourceId.toLowerCase()];
      // null removes the property, as ARM omits what is unset (a detached NIC has no `virtualMachine`).
      if (record && effect.value === null) delete record.properties[effect.property];
      else if (record) record.properties[effect.property] = effect.value;
      return;
    }
  }
}
