import { durableApiPath } from './clientBinding';

export interface InstanceStatus {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  customStatus: unknown;
  output: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: Array<Record<string, unknown>>;
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Stop waiting at any of these statuses; default: the terminal ones. */
  until?: readonly string[];
}

const terminal = ['Completed', 'Failed', 'Terminated'];

/**
 * Polls the Durable HTTP API until the instance reaches a terminal (or requested) status. It advances nothing:
 * with a virtual clock, the caller moves time. Rejects with the last status seen when the time is up.
 */
export async function waitForInstance(baseUrl: string, instanceId: string, options: WaitOptions = {}): Promise<InstanceStatus> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 10;
  const until = options.until ?? terminal;
  const url = `${baseUrl}${durableApiPath}instances/${encodeURIComponent(instanceId)}`;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const res = await fetch(url);
    if (res.status !== 404) {
      const status = (await res.json()) as InstanceStatus;
      last = status;
      if (until.includes(status.runtimeStatus)) return status;
    } else {
      await res.body?.cancel();
      last = '404 Not Found';
    }
    if (Date.now() >= deadline) {
      throw new Error(`instance '${instanceId}' did not reach ${until.join('/')} within ${timeoutMs} ms; last status: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
