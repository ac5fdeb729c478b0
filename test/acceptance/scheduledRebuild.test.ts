/**
 * Acceptance: the admin-triggered scheduledRebuild (issue 7 "Done when"): after a newer marketplace base image,
 * exactly the images built on it are rebuilt; the rebuild-run-* output lists every image with a decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, rebuildRunItems, RUN_ID } from './support/kit';
import { buildOutput, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const JAMMY = { location: 'westeurope', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2' };
const NEWER_JAMMY = '22.04.202612010';
/** Catalog images whose base is JAMMY (semver scheme), with their seeded latest version; the Windows image is not. */
const DEPENDENT = { 'ubuntu-2204-base': '1.3.1', 'ubuntu-2204-docker': '1.1.0' } as const;
/** docs/catalog.md, versioning.scheme semver: "patch per build, minor when the base image changed". */
const NEXT_ON_NEW_BASE = { 'ubuntu-2204-base': '1.4.0', 'ubuntu-2204-docker': '1.2.0' } as const;
const INDEPENDENT = 'windows-2022-base';
const DECISIONS = ['rebuild', 'up-to-date', 'paused', 'already-running'];

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('scheduledRebuild', () => {
  it('rebuilds exactly the images on a newer base image and reports every image with a decision', async () => {
    await client.control('POST', 'marketplace', { ...JAMMY, version: NEWER_JAMMY });
    const run = await client.runScheduledRebuild();
    expect(run.runtimeStatus, JSON.stringify(run.output)).toBe('Completed');

    const items = rebuildRunItems(run);
    expect(items.map((i) => i.image).sort()).toEqual([...Object.keys(DEPENDENT), INDEPENDENT].sort());
    for (const item of items) {
      expect(DECISIONS).toContain(item.status);
      expect(`${item.detail ?? ''}${(item.reasons ?? []).join('')}`.length, item.image).toBeGreaterThan(0);
    }
    expect(Object.fromEntries(items.map((i) => [i.image, i.status]))).toEqual({
      'ubuntu-2204-base': 'rebuild',
      'ubuntu-2204-docker': 'rebuild',
      [INDEPENDENT]: 'up-to-date',
    });

    // Exactly one build per due image, each a run whose parent is the rebuild run, and no other build instance.
    const builds = await client.runs({ kind: 'build' });
    expect(builds.map((b) => b.image).sort()).toEqual(Object.keys(DEPENDENT).sort());
    for (const b of builds) expect(b, b.runId).toMatchObject({ runId: expect.stringMatching(RUN_ID.of('build', b.image)), trigger: 'schedule', parentRunId: run.instanceId });
    const instances = await client.instances({ instanceIdPrefix: 'build-' });
    expect(instances.map((b) => b.instanceId).sort()).toEqual(builds.map((b) => b.runId).sort());
    for (const [image, seededLatest] of Object.entries(DEPENDENT)) {
      const build = await client.untilInstanceTerminal(builds.find((b) => b.image === image)?.runId ?? '');
      expect(build.runtimeStatus, JSON.stringify(build.output)).toBe('Completed');
      const output = shape(buildOutput, build.output);
      expect(output).toMatchObject({ image, trigger: 'schedule', promoted: true });
      expect(output.version).toBe(NEXT_ON_NEW_BASE[image as keyof typeof NEXT_ON_NEW_BASE]);
      expect((await client.versionNames(image)).filter((v) => v !== output.version)).toContain(seededLatest);
      const version = await client.compute.galleryImageVersions.get(client.galleryRg, client.galleryName, image, output.version);
      expect(version.tags?.['autopilot-base-image']).toBe(`${JAMMY.publisher}:${JAMMY.offer}:${JAMMY.sku}:${NEWER_JAMMY}`);
      expect(version.tags?.['autopilot-trigger']).toBe('schedule');
    }
    expect(await client.versionNames(INDEPENDENT)).toEqual(['1.20260901.1', '1.20261015.1', '1.20261110.1']);
  });

  it('names its run rebuild-run-<yyyymmddhhmmss>-<hex> and finds nothing to do when nothing changed', async () => {
    const run = await client.runScheduledRebuild();
    expect(run.instanceId).toMatch(RUN_ID.rebuildRun);
    expect(run.runtimeStatus).toBe('Completed');
    for (const item of rebuildRunItems(run)) expect(item.status, item.image).not.toBe('rebuild');
    // Both scheduled runs are in the history, newest first; this one started no build.
    const runs = await client.runs({ kind: 'rebuild-run' });
    expect(runs.map((r) => r.runId)).toHaveLength(2);
    expect(runs[0]).toMatchObject({ runId: run.instanceId, status: 'Completed', trigger: 'schedule' });
    expect((await client.runs({ kind: 'build' })).filter((b) => b.parentRunId === run.instanceId)).toEqual([]);
  });
});
