import { resolve } from 'node:path';
import { createClock, type Clock } from '../../emulator/clock';
import { durableBackendFactory, type DurableBackendOptions, type LocalDurableBackend } from '../../emulator/host/durable';
import { startLocalHost, type LocalHost } from '../../emulator/host';

/** The compiled fixture app (npm test builds before vitest). */
export const durableAppEntry = resolve(process.cwd(), 'dist/test/emulator/fixtures/durable-app/index.js');
export const durableAppHostJson = resolve(process.cwd(), 'test/emulator/fixtures/durable-app/host.json');
export const clockStart = new Date('2026-03-01T08:00:00.000Z');

export interface DurableHarness {
  host: LocalHost;
  clock: Clock;
  backend: LocalDurableBackend;
  url: string;
  stop(): Promise<void>;
}

export interface HarnessOptions extends DurableBackendOptions {
  stateDir?: string;
  start?: Date;
  log?: (line: string) => void;
}

/** The real local host with the fixture app, a virtual clock the test steps, and the real Durable backend. */
export async function startDurableHost(options: HarnessOptions = {}): Promise<DurableHarness> {
  const clock = createClock({ mode: 'virtual', start: options.start ?? clockStart });
  let backend: LocalDurableBackend | undefined;
  const factory = durableBackendFactory(options);
  const host = await startLocalHost({
    appEntry: durableAppEntry,
    hostJsonPath: durableAppHostJson,
    settings: { TASK_HUB_NAME: 'contracthub', NIGHTLY_SCHEDULE: '0 0 3 * * *' },
    port: 0,
    clock,
    timers: false,
    durable: (deps) => (backend = factory(deps)),
    stateDir: options.stateDir,
    log: options.log ?? (() => undefined),
  });
  if (!backend) throw new Error('the local host did not build the Durable backend');
  return { host, clock, backend, url: host.url, stop: () => host.stop() };
}

export const api = (url: string, path: string) => `${url}/runtime/webhooks/durabletask/${path}`;

/** POST JSON and return status, headers and parsed body (undefined when empty). */
export async function postJson(url: string, body?: unknown): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** Unique per test so tests sharing one host never see each other's instances. */
let counter = 0;
export function uniqueId(prefix: string): string {
  counter++;
  return `${prefix}-${process.pid}-${counter}`;
}

/**
 * Lets the backend finish what it can without moving time, then steps the virtual clock, until the instance is
 * terminal. No real sleeps: the engine reports when it is quiet.
 */
export async function runUntilDone(h: DurableHarness, instanceId: string, stepSeconds: number, maxSteps = 100): Promise<Record<string, unknown>> {
  for (let step = 0; step <= maxSteps; step++) {
    await h.backend.engine.quiescent();
    const { body } = await getJson(api(h.url, `instances/${encodeURIComponent(instanceId)}?showHistory=true&showHistoryOutput=true`));
    const status = body as Record<string, unknown>;
    if (['Completed', 'Failed', 'Terminated'].includes(String(status.runtimeStatus))) return status;
    h.clock.advance(stepSeconds);
  }
  throw new Error(`instance ${instanceId} not finished after ${maxSteps} clock steps of ${stepSeconds}s`);
}

export type PublicHistoryEvent = { EventType: string; FireAt?: string; Name?: string; EventId?: number; Timestamp: string };

export function historyOf(status: Record<string, unknown>): PublicHistoryEvent[] {
  return (status.historyEvents ?? []) as PublicHistoryEvent[];
}

export function countEvents(status: Record<string, unknown>, type: string): number {
  return historyOf(status).filter((e) => e.EventType === type).length;
}
