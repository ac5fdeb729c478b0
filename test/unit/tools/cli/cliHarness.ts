import { runCli } from '../../../../tools/cli/program';
import type { CliIo } from '../../../../tools/cli/context';

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Answer {
  status: number;
  body?: unknown;
}

/** Runs the CLI in-process against a fetch that records each request and answers from `answer`. */
export async function runAgainst(argv: string[], answer: (sent: Sent, index: number) => Answer, io: Partial<CliIo> = {}) {
  const sent: Sent[] = [];
  let stdout = '';
  let stderr = '';
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>));
    const one: Sent = { method: init?.method ?? 'GET', url: String(input), headers, body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined };
    sent.push(one);
    const { status, body } = answer(one, sent.length - 1);
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  }) as typeof fetch;
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
    cwd: '/nonexistent-cwd',
    packageRoot: '/nonexistent-root',
    fetch: fakeFetch,
    sleep: async () => {},
    ...io,
  });
  return { code, sent, stdout, stderr };
}
