#!/usr/bin/env node
/** `npx image-autopilot <command>`: the package's bin, compiled to tools/dist/tools/cli/main.js (docs/cli.md). */
import path from 'node:path';
import { runCli } from './program';

/** Compiled to tools/dist/tools/cli/main.js: the project (with .local/endpoints.json) is four folders up. */
const packageRoot = path.resolve(__dirname, '../../../..');

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  packageRoot,
  fetch: globalThis.fetch,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}).then((code) => {
  process.exitCode = code;
});
