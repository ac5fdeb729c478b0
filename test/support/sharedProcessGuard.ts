/**
 * Setup file of the test files that share a process (vitest.config.mts). Two things stay with a process for good, so
 * a shared file must do neither: start a local host (the module loader stays patched and the app registered, and the
 * next host cannot load), or point managed identity at an emulator (MSAL keeps the first identity endpoint it sees,
 * and a later file's credential would call a stopped emulator).
 */
import { afterAll, beforeAll } from 'vitest';
import { hostShimInstalled } from '@image-autopilot/azure-offline';

const ADD_IT = 'add it to OWN_PROCESS_FILES in vitest.config.mts';
let hostBefore = false;
let identityEndpointBefore: string | undefined;

beforeAll(() => {
  hostBefore = hostShimInstalled();
  identityEndpointBefore = process.env['IDENTITY_ENDPOINT'];
});

afterAll(() => {
  if (hostShimInstalled() && !hostBefore) throw new Error(`this file started a local host in a process that other test files share: ${ADD_IT}`);
  if (process.env['IDENTITY_ENDPOINT'] !== identityEndpointBefore) {
    throw new Error(`this file pointed managed identity (IDENTITY_ENDPOINT) at an endpoint in a process that other test files share: ${ADD_IT}`);
  }
});
