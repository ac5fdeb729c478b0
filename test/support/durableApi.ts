/** Reading and driving orchestrations of a running stack through the Durable HTTP API, as a client would. */
import type { Stack } from './stack';
import type { InstanceStatus } from '@image-autopilot/azure-offline';

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
export async function runUntilDone(stack: Pick<Stack, 'backend' | 'url' | 'clock'>, instanceId: string, stepSeconds = 15, maxSteps = 400): Promise<InstanceStatus> {
  for (let step = 0; step <= maxSteps; step++) {
    await stack.backend.engine.quiescent();
    const status = await getInstance(stack.url, instanceId);
    if (status && TERMINAL.includes(status.runtimeStatus)) return status;
    stack.clock.advance(stepSeconds);
  }
  throw new Error(`instance ${instanceId} did not finish within ${maxSteps} steps of ${stepSeconds} s`);
}

export async function postJson(url: string, body?: unknown, rawBody?: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
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
