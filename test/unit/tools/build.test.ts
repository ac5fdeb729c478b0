import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run build` (tools/build.mjs) run on a scratch copy of the sources, so the repository's own dist/, which other
// test files load while this one runs, is never rebuilt under them.
const repo = resolve(__dirname, '../../..');
let scratch: string;

function build(...args: string[]) {
  return spawnSync(process.execPath, [join(scratch, 'tools/build.mjs'), ...args], { cwd: scratch, encoding: 'utf8' });
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'autopilot-build-'));
  for (const entry of ['functions', 'shared', 'scripts', 'infra/roles', 'infra/subnet-join-role.json', 'tools/build.mjs', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    cpSync(join(repo, entry), join(scratch, entry), { recursive: true });
  }
  symlinkSync(join(repo, 'node_modules'), join(scratch, 'node_modules'), 'dir');
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm run build (tools/build.mjs)', () => {
  it('builds the app alone, silently (npm run policy -- --sarif writes only the report), with what tsc emitted', () => {
    const run = build('--only', 'app');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    // The entry, with its source map and strict mode kept from tsconfig's `strict`.
    const entry = readFileSync(join(scratch, 'dist/functions/index.js'), 'utf8');
    expect(entry.startsWith('"use strict";')).toBe(true);
    expect(entry).toMatch(/\/\/# sourceMappingURL=index\.js\.map\s*$/);
    expect(existsSync(join(scratch, 'dist/functions/index.js.map'))).toBe(true);
    // JSON the code imports lands where its require() looks, and a file of types only is still emitted.
    expect(JSON.parse(readFileSync(join(scratch, 'dist/infra/roles/build-operator.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(repo, 'infra/roles/build-operator.json'), 'utf8')));
    expect(existsSync(join(scratch, 'dist/shared/domain/catalog.js'))).toBe(true);
    expect(existsSync(join(scratch, 'dist/functions/index.test.js'))).toBe(false);
  });

  it('loads what it built: a compiled module exports what its source does', () => {
    expect(build('--only', 'app').status).toBe(0);
    const check = spawnSync(process.execPath, ['-e', "const m = require('./dist/shared/domain/pause.js'); process.stdout.write(JSON.stringify([m.isPaused(3, 3), m.isPaused(2, 3), Object.keys(m).sort()]))"], { cwd: scratch, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(JSON.parse(check.stdout)).toEqual([true, false, ['isPaused', 'pausedByThisFailure']]);
  });

  it('refuses a target it does not know, naming the ones it does', () => {
    const run = build('--only', 'app,nope');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('app, azure-offline, tools, ui');
    expect(run.stderr).toContain('nope');
  });
});
