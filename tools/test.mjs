/**
 * The checks of `npm test` after the build: `vitest run` in the foreground, and the type check and the lint beside it
 * at the lowest CPU priority, their output held back and printed once the tests end. Exits non-zero if any failed.
 *
 * Why beside and not before: the tests spend a good part of their time waiting on spawned hosts, Azurite and timers,
 * leaving a core idle, while the type check and the lint (~40 s of CPU, ~25 s of a 2-core machine's wall time when
 * run first) need no build and no core to themselves. At the lowest priority they take a core only when the tests
 * leave it idle. Extra arguments go to vitest (`npm test -- test/e2e/prune.test.ts`).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function start(command, args, { background }) {
  const child = spawn(command, args, { stdio: background ? ['ignore', 'pipe', 'pipe'] : 'inherit', shell: process.platform === 'win32' });
  if (background) {
    try {
      // Set before npm spawns tsc or eslint, which inherit it.
      os.setPriority(child.pid, os.constants.priority.PRIORITY_LOW);
    } catch {
      // Not allowed here (some containers): they then simply share the cores with the tests.
    }
  }
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.once('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const checks = ['typecheck', 'lint'].map((script) => ({ script, result: start(npm, ['run', '--silent', script], { background: true }) }));
const vitest = join(import.meta.dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
const tests = await start(process.execPath, [vitest, 'run', ...process.argv.slice(2)], { background: false });

let failed = tests.code !== 0;
for (const { script, result } of checks) {
  const { code, output } = await result;
  const trimmed = output.trim();
  console.log(`\nnpm run ${script}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`}${trimmed === '' ? '' : `\n${trimmed}`}`);
  if (code !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
