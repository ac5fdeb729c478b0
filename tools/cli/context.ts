import { createApiClient, type ApiClient } from './apiClient';
import type { Run } from './apiShapes';
import { resolveCredentials, resolveEndpoint } from './endpoint';
import { exitCodeOfRunStatus, type ExitCode } from './exitCodes';
import type { Output } from './output';
import { createProgressView } from './progressView';
import { finalLine } from './runViews';
import { waitForRun } from './waitForRun';

/** What the CLI needs from the world: injected so tests run it in-process against a recording fetch. */
export interface CliIo {
  stdout: Output;
  stderr: Output;
  env: Record<string, string | undefined>;
  cwd: string;
  packageRoot: string;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
}

export interface GlobalOptions {
  url?: string;
  token?: string;
  key?: string;
  json?: boolean;
  interval?: string;
}

export interface CommandContext {
  api: ApiClient;
  json: boolean;
  /** `--json` prints the API's answer as is; otherwise the human view. */
  print(body: unknown, human: () => string): void;
  /** Follows a run to its end; exit 0 only for Completed. */
  follow(runId: string): Promise<ExitCode>;
}

const REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_INTERVAL_MS = 1000;

export function createContext(io: CliIo, options: GlobalOptions): CommandContext {
  const input = { ...(options.url === undefined ? {} : { url: options.url }), env: io.env, cwd: io.cwd, packageRoot: io.packageRoot };
  const baseUrl = resolveEndpoint(input);
  const credentials = resolveCredentials(baseUrl, { ...(options.token === undefined ? {} : { token: options.token }), ...(options.key === undefined ? {} : { key: options.key }) }, input);
  const api = createApiClient({ baseUrl, ...credentials, fetch: io.fetch, timeoutMs: REQUEST_TIMEOUT_MS });
  const json = options.json === true;
  const intervalMs = options.interval === undefined ? DEFAULT_INTERVAL_MS : Number(options.interval);
  return {
    api,
    json,
    print(body, human) {
      io.stdout.write(json ? `${JSON.stringify(body, null, 2)}\n` : human());
    },
    async follow(runId) {
      // With --json, stdout carries one JSON document (the final run), so progress goes to stderr.
      const progressOut = json ? io.stderr : io.stdout;
      const run: Run = await waitForRun(api, runId, createProgressView(progressOut), { intervalMs, sleep: io.sleep });
      const code = exitCodeOfRunStatus(run.status);
      if (json) {
        io.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
        if (code !== 0) io.stderr.write(finalLine(run));
      } else (code === 0 ? io.stdout : io.stderr).write(finalLine(run));
      return code;
    },
  };
}
