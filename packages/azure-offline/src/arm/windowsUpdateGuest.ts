/**
 * The Windows Update Agent of an emulated Windows guest. A run command whose script starts with the windows-update
 * marker is one round of an update step: it reads the round's JSON spec from the script, "installs" the pending
 * updates of the VM's platform image (seeded `windowsUpdates`) that pass the spec's filters and limit, and prints
 * what the real script prints. Updates that need a reboot stay pending until the VM next (re)starts.
 */
import { objectAt, stringAt } from './json';
import type { EmulatorContext } from './context';
import type { VmRecord, WindowsUpdateRecord } from './state';

const MARKER = '# autopilot-windows-update v1';
const SPEC_LINE = /^\$spec = ConvertFrom-Json '(.*)'$/m;
/** Windows Update Agent's OperationResultCode for "failed". */
const RESULT_FAILED = 4;

export interface RoundSpec {
  updateLimit: number;
  filters: { categories: string[]; includeKbs: string[]; excludeKbs: string[]; excludeTitleContains: string[] };
}

export function isWindowsUpdateScript(script: string): boolean {
  return script.split('\n', 1)[0]?.trim() === MARKER;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The spec the script carries in its single-quoted JSON literal; null when it is missing or not the expected shape. */
export function readRoundSpec(script: string): RoundSpec | null {
  const literal = SPEC_LINE.exec(script)?.[1];
  if (literal === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(literal.replace(/''/g, "'"));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const spec = value as { updateLimit?: unknown; filters?: Record<string, unknown> };
  const f = spec.filters ?? {};
  return {
    updateLimit: typeof spec.updateLimit === 'number' ? spec.updateLimit : 0,
    filters: { categories: strings(f.categories), includeKbs: strings(f.includeKbs), excludeKbs: strings(f.excludeKbs), excludeTitleContains: strings(f.excludeTitleContains) },
  };
}

const upper = (list: string[]) => list.map((s) => s.toUpperCase());

function wanted(update: WindowsUpdateRecord, f: RoundSpec['filters']): boolean {
  const kb = update.kb.toUpperCase();
  if (f.categories.length > 0 && !update.categories.some((c) => f.categories.includes(c))) return false;
  if (f.includeKbs.length > 0 && !upper(f.includeKbs).includes(kb)) return false;
  if (upper(f.excludeKbs).includes(kb)) return false;
  return !f.excludeTitleContains.some((t) => update.title.toLowerCase().includes(t.toLowerCase()));
}

export interface GuestUpdates {
  installed: string[];
  rebootPending: string[];
}

/** One round, pure: the guest's update state after it and what the script prints. */
export function runRound(available: readonly WindowsUpdateRecord[], guest: GuestUpdates, spec: RoundSpec): { guest: GuestUpdates; output: string } {
  const done = new Set([...guest.installed, ...guest.rebootPending].map((kb) => kb.toUpperCase()));
  // What a search for IsInstalled=0 returns: an update installed but waiting for its reboot is not offered again.
  const chosen = available.filter((u) => !done.has(u.kb.toUpperCase()) && wanted(u, spec.filters));
  const batch = spec.updateLimit > 0 ? chosen.slice(0, spec.updateLimit) : chosen;
  const next: GuestUpdates = { installed: [...guest.installed], rebootPending: [...guest.rebootPending] };
  const lines: string[] = [];
  let installed = 0;
  for (const update of batch) {
    if (update.failsToInstall) {
      lines.push(`failed (${RESULT_FAILED}): ${update.title}`);
      continue;
    }
    installed += 1;
    (update.rebootRequired ? next.rebootPending : next.installed).push(update.kb);
    lines.push(`installed: ${update.title}`);
  }
  const summary = { installed, failed: batch.length - installed, rebootRequired: next.rebootPending.length > 0, remaining: chosen.length - installed };
  lines.push(`AUTOPILOT-WU ${JSON.stringify(summary)}`);
  return { guest: next, output: lines.join('\n') };
}

/** The pending updates seeded on the platform image the VM was created from (none for other images). */
function availableUpdates(ctx: EmulatorContext, vm: VmRecord): WindowsUpdateRecord[] {
  const ref = objectAt(objectAt(vm.properties, 'storageProfile'), 'imageReference');
  const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
  const image = ctx.store.state.platformImages.find(
    (p) => p.windowsUpdates !== undefined && same(stringAt(ref, 'publisher'), p.publisher) && same(stringAt(ref, 'offer'), p.offer) && same(stringAt(ref, 'sku'), p.sku),
  );
  return image?.windowsUpdates ?? [];
}

/**
 * Runs a round on the VM's guest and keeps its new update state on the VM record; the output the command reports.
 * Applied when the command is accepted: nothing can observe the guest between that and its end.
 */
export function windowsUpdateRound(ctx: EmulatorContext, vm: VmRecord, script: string): string {
  const spec = readRoundSpec(script);
  if (spec === null) return '[emulated] windows-update script without a readable $spec line; nothing installed';
  const { guest, output } = runRound(availableUpdates(ctx, vm), { installed: vm.installedUpdates ?? [], rebootPending: vm.rebootPendingUpdates ?? [] }, spec);
  vm.installedUpdates = guest.installed;
  vm.rebootPendingUpdates = guest.rebootPending;
  ctx.store.put(vm);
  return output;
}

/** A boot completes the installs that waited for it. */
export function completePendingReboot(vm: VmRecord): void {
  if (!vm.rebootPendingUpdates || vm.rebootPendingUpdates.length === 0) return;
  vm.installedUpdates = [...(vm.installedUpdates ?? []), ...vm.rebootPendingUpdates];
  vm.rebootPendingUpdates = [];
}
