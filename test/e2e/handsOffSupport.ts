/** Drives the hands-off functions of a running stack the way an operator would: admin invocations and webhooks. */
import { expect } from 'vitest';
import type { BuildOutput, RebuildRunOutput } from '../../functions/contracts';
import { getInstance, postJson, runUntilDone, type InstanceStatus } from '../support/durableApi';
import { compareVersions } from '../../shared/domain/versions';
import { vmIdHash } from '../../shared/domain/hashing';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed } from '../support/builders';
import { startStack, type Stack, type StackOptions } from '../support/stack';

export const JAMMY = { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2' };
const DEBIAN = { type: 'marketplace', publisher: 'Debian', offer: 'debian-12', sku: '12-gen2', version: 'latest' } as const;

/** Two images on Ubuntu jammy, one on Debian: a new jammy base must rebuild exactly the first two. */
export function threeImageCatalog() {
  return aCatalog({ images: [anImage(), anImageNamed('ubuntu-api'), anImageNamed('debian-app', { baseImage: { ...DEBIAN } })] });
}

/**
 * One stack per test FILE: the host loads the compiled app once per process (require cache), so a second stack in
 * the same file would talk to the first one's emulator.
 */
export function startHandsOffStack(options: StackOptions = {}): Promise<Stack> {
  return startStack({
    settings: { MAX_CONCURRENT_BUILDS: '2' },
    log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined,
    ...options,
  });
}

export async function versionNames(stack: Stack, image: string): Promise<string[]> {
  const versions = await armReader(stack).gallery.listImageVersions(imageRef(stack, image));
  return versions.map((v) => v.name).sort(compareVersions);
}

const STARTED = /scheduledRebuild: (?:started (rebuild-run-\d{14}-[0-9a-f]{6})|(rebuild-run-\d{14}-[0-9a-f]{6}) is already)/;

async function settled<T>(read: () => T | undefined, what: string, tries = 500): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = read();
    if (value !== undefined) return value;
    // The admin API runs the function in the background: yield to it (real time, never asserted).
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what} did not happen`);
}

async function settledAsync<T>(read: () => Promise<T | undefined>, what: string, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what} did not happen`);
}

/** `POST /admin/functions/scheduledRebuild`, then the ID of the run it started (or found running). */
export async function triggerScheduledRebuild(stack: Stack): Promise<string> {
  const before = stack.host.invocations('scheduledRebuild').length;
  const res = await postJson(`${stack.url}/admin/functions/scheduledRebuild`, { input: null });
  expect(res.status).toBe(202);
  const record = await settled(() => {
    const done = stack.host.invocations('scheduledRebuild').slice(before).find((r) => r.status !== 'running');
    return done;
  }, 'the scheduledRebuild invocation');
  expect(record.status, record.error).toBe('succeeded');
  const match = record.logs.map((line) => STARTED.exec(line)).find((m) => m !== null);
  const id = match?.[1] ?? match?.[2];
  if (id === undefined) throw new Error(`no run ID in the scheduledRebuild logs: ${record.logs.join(' | ')}`);
  return id;
}

export async function runScheduledRebuild(stack: Stack): Promise<{ status: InstanceStatus; output: RebuildRunOutput }> {
  const id = await triggerScheduledRebuild(stack);
  const status = await runUntilDone(stack, id, 15, 4000);
  expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
  return { status, output: status.output as RebuildRunOutput };
}

export function statusesOf(output: RebuildRunOutput): Record<string, string> {
  return Object.fromEntries(output.items.map((i) => [i.image, i.status]));
}

export async function instancesWithPrefix(stack: Stack, prefix: string): Promise<InstanceStatus[]> {
  const res = await fetch(`${stack.url}/runtime/webhooks/durabletask/instances?instanceIdPrefix=${encodeURIComponent(prefix)}&showInput=false`);
  const body: unknown = await res.json();
  return Array.isArray(body) ? (body as InstanceStatus[]) : [];
}

/** The capture runs a VM's generalize events started (their IDs begin `capture-<vm hash>-`), oldest first. */
export async function captureRunsOf(stack: Stack, vmId: string): Promise<string[]> {
  await stack.backend.engine.quiescent();
  const runs = await instancesWithPrefix(stack, `capture-${vmIdHash(vmId)}-`);
  return runs.map((i) => i.instanceId).sort();
}

/** The one capture run of the VM: the webhook answers before the run starts, so this waits for it to exist. */
export async function captureRunOf(stack: Stack, vmId: string): Promise<string> {
  const runs = await settledAsync(async () => {
    const found = await captureRunsOf(stack, vmId);
    return found.length > 0 ? found : undefined;
  }, `a capture run of ${vmId}`);
  expect(runs, `capture runs of ${vmId}`).toHaveLength(1);
  return runs[0] ?? '';
}

export function builtImages(output: RebuildRunOutput): BuildOutput[] {
  return output.items.flatMap((i) => (i.build?.outcome === 'built' ? [i.build.build] : []));
}

export { getInstance };
