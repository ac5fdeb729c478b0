import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import { modulesLoadedBy } from '../support/appLoad';
import { getRaw, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { packagedAppEntry, startStack, type Stack } from '../support/stack';

// The zip Flex Consumption runs is the bundle of `npm run package`, not dist/: the same build must pass through it,
// lazy SDK loading included (the SDKs sit in their own file, read on first use).
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ appEntry: packagedAppEntry, log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined });
});

afterAll(async () => {
  await stack?.stop();
});

describe('the packaged app under the local host', () => {
  it('loads only its own bundle at start, the SDK bundle left for first use', () => {
    expect(modulesLoadedBy(packagedAppEntry)).toEqual([packagedAppEntry]);
  });

  it('runs a build end to end: POST /api/images/{image}/builds → 202 → Completed and promoted', async () => {
    const started = await postJson(`${stack.url}/api/images/ubuntu-web/builds`, { reason: 'packaged smoke' });
    expect(started.status).toBe(202);
    const status = await runUntilDone(stack, runIdOf(started));
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    expect(status.output as BuildOutput).toMatchObject({ image: 'ubuntu-web', version: '1.0.0', promoted: true, failedRegions: [] });
  });

  it('serves the status page from the files packaged beside the bundle', async () => {
    expect((await getRaw(`${stack.url}/api/ui`)).headers.get('location')).toBe('/api/ui/index.html');
    for (const [file, marker] of [['index.html', '<script type="module" src="main.js">'], ['main.js', 'takeCredentialFromFragment'], ['style.css', ':focus-visible']]) {
      const res = await getRaw(`${stack.url}/api/ui/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.text, file).toContain(marker);
    }
  });
});
