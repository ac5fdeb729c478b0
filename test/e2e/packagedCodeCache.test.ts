import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheRejectedBy } from '../support/appLoad';
import { packagedAppEntry } from '../support/stack';

// The package's entry compiles the app's bundle with the bytecode V8 made when it was packaged: a cold start then
// skips most of its compiling. A cache another Node made (V8 rejects it) or no cache must only cost that saving.
const copies: string[] = [];

/** The stack frames of the error a load with no settings fails with (the settings are checked first). */
function startupErrorFrames(entry: string, nodeArgs: string[] = []): string[] {
  const run = spawnSync(process.execPath, [...nodeArgs, '-e', `require(${JSON.stringify(entry)})`], { env: { PATH: process.env['PATH'] ?? '' }, encoding: 'utf8' });
  expect(run.stderr).toContain('Invalid app settings');
  return run.stderr.split('\n').filter((line) => line.trimStart().startsWith('at '));
}

/** A copy of the packaged app whose code cache is replaced by `cache` (or removed). */
function packageCopyWithCache(cache: Buffer | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'autopilot-package-'));
  copies.push(dir);
  cpSync(dirname(packagedAppEntry), dir, { recursive: true });
  rmSync(join(dir, 'app.js.cache'));
  if (cache !== undefined) writeFileSync(join(dir, 'app.js.cache'), cache);
  return join(dir, 'index.js');
}

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('the packaged entry', () => {
  it('compiles the app with the code cache made at packaging, which V8 takes', () => {
    const load = codeCacheRejectedBy(packagedAppEntry);
    expect(load.rejected).toBe(false);
    expect(load.registered).toBeGreaterThan(50);
  });

  it.each([
    ['a cache V8 rejects (made by another Node)', Buffer.from('not a V8 code cache')],
    ['no cache', undefined],
  ])('still loads the whole app with %s', (_what, cache) => {
    const entry = packageCopyWithCache(cache);
    const load = codeCacheRejectedBy(entry);
    expect(load.rejected).toBe(cache !== undefined);
    expect(load.registered).toBe(codeCacheRejectedBy(packagedAppEntry).registered);
  });
});

describe('stack traces of the packaged app', () => {
  it.each([
    ['with its code cache', () => packagedAppEntry],
    ['without a cache', () => packageCopyWithCache(undefined)],
  ])('point at the same lines and columns of app.js as when the bundle was required, %s', (_what, entry) => {
    const inBundle = (frames: string[]) => frames.filter((frame) => frame.includes('app.js:')).map((frame) => frame.replace(/^.*app\.js:/, ''));
    const frames = inBundle(startupErrorFrames(entry()));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames).toEqual(inBundle(startupErrorFrames(join(dirname(packagedAppEntry), 'app.js'))));
  });

  it('map to the sources with --enable-source-maps (the documented NODE_OPTIONS)', () => {
    expect(startupErrorFrames(packagedAppEntry, ['--enable-source-maps'])[0]).toMatch(/shared\/config\/loadConfig\.ts:\d+:\d+\)$/);
  });
});
