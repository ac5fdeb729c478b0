/** Reading and driving orchestrations of a running stack through the Durable HTTP API, as a client would. */
import type { Stack } from './stack';
import type { InstanceStatus } from '@image-autopilot/azure-offline';
import { apiFetch } from './apiAuth';

export type { InstanceStatus };

export const TERMINAL = ['Completed', 'Failed', 'Terminated'];

export async function getInstance(url: string, instanceId: string): Promise<InstanceStatus | undefined> {
  const res = await fetch(`${url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}`);
  if (res.status === 404) return undefined;
  const body: unknown = await res.json();
  return body as InstanceStatus;
}

/**
 * Lets the app finish what it can at the current instant, then steps the shared clock, until the instance is
 * terminal. Timers and ARM operations both move with the clock; no real sleeps.
 */
export async function runUntilDone(
  stack: Pick<Stack, 'backend' | 'url' | 'clock'>,
  instanceId: string,
  stepSeconds = 15,
  maxSteps = 400,
  observe?: (status: InstanceStatus) => void,
): Promise<InstanceStatus> {
  for (let step = 0; step <= maxSteps; step++) {
    await stack.backend.engine.quiescent();
    const status = await getInstance(stack.url, instanceId);
    if (status) observe?.(status);
    if (status && TERMINAL.includes(status.runtimeStatus)) return status;
    stack.clock.advance(stepSeconds);
  }
  throw new Error(`instance ${instanceId} did not finish within ${maxSteps} steps of ${stepSeconds} s`);
}

/** POST JSON, signed in as the default test caller (apiAuth.ts) unless `headers` names its own authorization. */
export async function postJson(url: string, body?: unknown, rawBody?: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await apiFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(rawBody !== undefined ? { body: rawBody } : body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // A non-JSON answer is kept as text so the assertion shows it.
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** The run ID a start answered with (202 `runId`, also on 409 for the running run). */
export function runIdOf(response: { body: unknown }): string {
  const body = response.body;
  if (typeof body === 'object' && body !== null && 'runId' in body && typeof body.runId === 'string') return body.runId;
  throw new Error(`no runId in ${JSON.stringify(body).slice(0, 300)}`);
}

export interface ListedRun {
  runId: string;
  kind: string;
  image?: string;
  status: string;
  trigger: string;
  parentRunId?: string;
}

/** `GET /api/runs` with filters, newest first (the app's own run history). */
export async function listRuns(url: string, filter: { image?: string; kind?: string; status?: string; top?: number } = {}): Promise<ListedRun[]> {
  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await apiFetch(`${url}/api/runs?${query.toString()}`);
  if (res.status !== 200) throw new Error(`GET /api/runs answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { runs: ListedRun[] };
  return body.runs;
}

/** The newest run matching the filter; fails the test when there is none. */
export async function newestRunId(url: string, filter: { image?: string; kind?: string; status?: string }): Promise<string> {
  const [run] = await listRuns(url, { ...filter, top: 1 });
  if (run === undefined) throw new Error(`no run matches ${JSON.stringify(filter)}`);
  return run.runId;
}

/** A GET as a browser sends it, redirects not followed (the status page's routes: headers and redirects under test). */
export async function getRaw(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** `GET /api/runs/{runId}`: the app's record of one run (status, error, output, customization entries). */
export async function getRunRecord(url: string, runId: string): Promise<{ status: number; body: unknown }> {
  const res = await apiFetch(`${url}/api/runs/${encodeURIComponent(runId)}`);
  return { status: res.status, body: (await res.json()) as unknown };
}
