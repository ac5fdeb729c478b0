import { resolve } from 'node:path';

/** The package folder: tests find fixtures and the package's build from here, whichever folder vitest started in. */
export const PACKAGE_ROOT = resolve(__dirname, '..');

/** A fixture's source file (host.json and friends stay where they are written). */
export function fixtureSource(relative: string): string {
  return resolve(PACKAGE_ROOT, 'test/fixtures', relative);
}

/** A fixture compiled by the package's build: the local host loads apps the way the worker does, as JavaScript. */
export function fixtureBuild(relative: string): string {
  return resolve(PACKAGE_ROOT, 'dist/test/fixtures', relative);
}
