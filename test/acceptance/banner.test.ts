/**
 * Acceptance: the commands `npm run local` prints work as printed. They are cut from the banner and pasted, in
 * order, into bash; each one's output and exit status are checked. Starting a build or a scan answers before the
 * work is done, so these are the lines that used to need editing (a placeholder status URL) or to read a stale
 * report (the scan's line read the report before the scan had finished).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRaw } from '../support/durableApi';
import { armCall, startLocal, type LocalStack } from './support/localStack';

const root = path.resolve(__dirname, '../..');

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocal();
});
afterAll(async () => {
  await stack?.stop();
});

/** The banner's commands, a line continued with `\` joined to the next. */
function bannerCommands(output: string): string[] {
  const start = output.indexOf('Try (paste in order into bash or zsh');
  const end = output.indexOf('\nStop with Ctrl-C.');
  expect(start, output).toBeGreaterThanOrEqual(0);
  const lines = output.slice(output.indexOf('\n', start) + 1, end).split('\n').filter((line) => line.trim() !== '');
  const commands: string[] = [];
  let pending = '';
  for (const line of lines) {
    pending += (pending === '' ? '' : '\n') + line;
    if (!line.endsWith('\\')) {
      commands.push(pending.trim());
      pending = '';
    }
  }
  return commands;
}

interface Pasted {
  command: string;
  status: number;
  output: string;
}

/**
 * Runs the commands in one bash session, as pasted, printing each one's exit status after its output. They are pasted
 * in another terminal's folder: the banner's own first line goes to the project folder, where `npx image-autopilot`
 * finds the project's own CLI. npm is offline, so a CLI not found there fails instead of being fetched.
 */
function pasteIntoBash(commands: string[]): Pasted[] {
  const script = commands.map((command) => `${command}\nprintf '\\n@@@ %s\\n' "$?"`).join('\n');
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'banner-paste-'));
  const run = spawnSync('bash', ['--noprofile', '--norc', '-c', script], { cwd: elsewhere, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_offline: 'true' } });
  expect(run.error, run.stderr).toBeUndefined();
  const parts = run.stdout.split(/\n@@@ (\d+)\n/);
  return commands.map((command, i) => ({ command, output: parts[2 * i] ?? '', status: Number(parts[2 * i + 1]) }));
}

function json(pasted: Pasted | undefined): Record<string, unknown> {
  try {
    return JSON.parse(pasted?.output ?? '') as Record<string, unknown>;
  } catch {
    throw new Error(`not one JSON document from ${pasted?.command}:\n${pasted?.output}`);
  }
}

function lifetimeOf(token: string | undefined): number {
  const claims = JSON.parse(Buffer.from(String(token).split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp: number; nbf: number };
  return claims.exp - claims.nbf;
}

describe('the banner of npm run local', () => {
  it('prints commands that work pasted in order into bash: the build status and the finished scan\'s report included', async () => {
    const commands = bannerCommands(stack.output());
    expect(commands.join('\n')).not.toMatch(/<[^>]+>/);
    expect(commands[0]).toBe(`cd '${root}'`);
    const clockBefore = Date.parse((((await armCall(`${stack.endpoints.arm}/_emulator/clock`, stack.caPem, 'GET')).body) as { now: string }).now);

    const pasted = pasteIntoBash(commands);
    for (const p of pasted) expect(p.status, `${p.command}\n${p.output}`).toBe(0);
    const at = (pattern: RegExp) => pasted.find((p) => pattern.test(p.command));

    expect(json(at(/^curl -s -H "\$AUTH" \S+\/api\/images$/)).images).toEqual(expect.any(Array));
    expect(at(/^npx image-autopilot images/)?.output).toMatch(/^IMAGE\s+LATEST/m);
    const build = json(at(/^curl -s "\$build"/));
    // The build is a run: its instance ID is its run ID, which the image's run listing and the image route name.
    expect(build).toMatchObject({ name: 'buildImage', instanceId: expect.stringMatching(/^build-[a-z0-9.-]+-\d{14}-[0-9a-f]{6}$/) });
    expect(['Pending', 'Running', 'Completed']).toContain(build.runtimeStatus);
    const runs = json(at(/\/api\/runs\?image=/)).runs as { runId: string; kind: string }[];
    expect(runs[0]).toMatchObject({ runId: build.instanceId, kind: 'build' });
    const image = json(at(/^curl -s -H "\$AUTH" \S+\/api\/images\/[^/\s]+\s+#/));
    expect((image.runs as { runId: string }[]).map((r) => r.runId)).toContain(build.instanceId);
    const report = json(at(/^until /));
    expect(Date.parse(String(report.generatedAt))).toBeGreaterThanOrEqual(clockBefore);
    expect(report.summary).toEqual(expect.objectContaining({ high: expect.any(Number) }));
    expect(json(at(/_emulator\/clock/)).now).toEqual(expect.any(String));
    expect(json(at(/_emulator\/topics\/autopilot\/events/)).events).toEqual(expect.any(Array));
    // Lifetimes count on the emulated clock: a token minted with the default hour would expire after a real minute.
    const minted = json(at(/_emulator\/tokens/)) as { claims: { exp: number; nbf: number; roles: string[] } };
    expect(minted.claims.roles).toEqual(['ImageAutopilot.Reader']);
    expect(minted.claims.exp - minted.claims.nbf).toBe(lifetimeOf(stack.endpoints.token));
  });

  it('prints the status page\'s URL, which redirects to the page', async () => {
    const url = /^\s*Status page\s+(\S+)/m.exec(stack.output())?.[1];
    expect(url).toBe(`${stack.endpoints.functions}/api/ui`);
    const redirect = await getRaw(url ?? '');
    expect(redirect.status).toBe(302);
    const page = await getRaw(new URL(redirect.headers.get('location') ?? '', url).toString());
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Image Autopilot — status</title>');
  });
});
