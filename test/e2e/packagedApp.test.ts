import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** The node_modules files a bundle was built from, read from its source map. */
function bundledFiles(bundle: string): string[] {
  const map = JSON.parse(readFileSync(join(dirname(packagedAppEntry), `${bundle}.map`), 'utf8')) as { sources: string[] };
  return map.sources.flatMap((source) => /node_modules\/(.+)$/.exec(source)?.[1] ?? []);
}

// What a cold start would parse for nothing: zod's other locales (kept whole by a named `z` import), and
// durable-functions' dependencies it calls only from a durable client or an orchestration (durable-deps.js).
describe('the packaged app bundle', () => {
  it.each([
    ['zod locales other than en', /^zod\/v4\/locales\/(?!en\.js$)/],
    ['axios', /^axios\//],
    ['mime-db (axios, via form-data)', /^mime-db\//],
    ['moment', /^moment\//],
    ['lodash', /^lodash\//],
    ['validator beyond isURL', /^validator\/(index\.js|lib\/is(?!URL|FQDN|IP\.))/],
  ])('leaves out %s', (_what, file) => {
    expect(bundledFiles('app.js').filter((f) => file.test(f))).toEqual([]);
  });

  it.each([['axios/'], ['moment/'], ['lodash/cloneDeep.js']])('has %s in durable-deps.js, read on first use', (prefix) => {
    expect(bundledFiles('durable-deps.js').some((f) => f.startsWith(prefix))).toBe(true);
  });
});

describe('the packaged app under the local host', () => {
  it('loads only its own bundle at start, the SDK and durable-deps bundles left for first use', () => {
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
