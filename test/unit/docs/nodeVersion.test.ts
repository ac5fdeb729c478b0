import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** semver ships no types; the two functions used here. */
const semver = createRequire(__filename)('semver') as {
  minVersion: (range: string) => { version: string } | null;
  satisfies: (version: string, range: string) => boolean;
};

const REPO = join(__dirname, '../../..');
const json = (path: string) => JSON.parse(readFileSync(join(REPO, path), 'utf8')) as { engines?: { node?: string } };
const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };

const range = json('package.json').engines?.node ?? '';
const lowest = semver.minVersion(range)?.version ?? '';
const [major, minor] = lowest.split('.');

/**
 * The docs promise a Node version; `npm ci` (engine-strict) holds every installed package to it. A dependency that
 * needs a newer Node would fail the install on the Node the docs name, which production, CI and dev machines run.
 */
describe('the Node version the docs promise', () => {
  it('is what package.json and the workspace package require, and the docs name it', () => {
    expect(lowest).toBe('20.19.0');
    expect(json('packages/azure-offline/package.json').engines?.node).toBe(range);
    expect(readFileSync(join(REPO, 'docs/cli.md'), 'utf8')).toContain(`Node.js ${major}.${minor} or later`);
    expect(readFileSync(join(REPO, 'README.md'), 'utf8')).toContain(`Node.js ≥ ${major}.${minor}`);
  });

  it('is enforced: .npmrc makes npm refuse a package whose engines exclude the running Node', () => {
    expect(readFileSync(join(REPO, '.npmrc'), 'utf8').split('\n').map((line) => line.trim())).toContain('engine-strict=true');
  });

  it('runs every locked package', () => {
    const excluding = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const needs = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return needs === undefined || semver.satisfies(lowest, needs) ? [] : [`${path}@${entry.version ?? ''} needs node ${needs}`];
    });
    expect(excluding).toEqual([]);
  });
});
