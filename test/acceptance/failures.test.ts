/**
 * Acceptance: failures made visible (issues 6 and 7): a region whose replication keeps failing leaves the version
 * unpromoted and reported; consecutive failed scheduled builds pause an image, shown in GET /api/images.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, rebuildRunItems } from './support/kit';
import { buildOutput, checkStatusPayload, imagesBody, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const REPLICATION = { image: 'ubuntu-2204-base', failingRegion: 'northeurope', seededLatest: '1.3.1' };
/** catalog.sample.yaml: pauseAfterFailures 3; its only step installs Docker from get.docker.com. */
const PAUSING = { image: 'ubuntu-2204-docker', scriptFragment: 'get.docker.com', pauseAfterFailures: 3 };
const TRANSIENT = { image: 'windows-2022-base' };
const JAMMY = { location: 'westeurope', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: '22.04.202612010' };

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

const pausedOf = async (image: string) =>
  shape(imagesBody, (await client.api('GET', '/api/images')).body).images.find((i) => i.name === image)?.paused;

describe('failures', () => {
  it('reports a region whose replication keeps failing, leaves the version unpromoted and the build Degraded', async () => {
    const fault = await client.control('POST', 'faults', { path: `/images/${REPLICATION.image}/versions/`, region: REPLICATION.failingRegion, count: 50 });
    expect(fault.status).toBe(201);
    try {
      const started = await client.api('POST', `/api/images/${REPLICATION.image}/builds`, { body: { reason: 'failing region' } });
      expect(started.status).toBe(202);
      const done = await client.untilTerminal(shape(checkStatusPayload, started.body).statusQueryGetUri);
      const output = shape(buildOutput, done.output);
      expect(output.promoted).toBe(false);
      expect(JSON.stringify(done.output)).toContain(REPLICATION.failingRegion);
      const version = await client.compute.galleryImageVersions.get(client.galleryRg, client.galleryName, REPLICATION.image, output.version);
      expect(version.publishingProfile?.excludeFromLatest).toBe(true);
      const listed = shape(imagesBody, (await client.api('GET', '/api/images')).body).images.find((i) => i.name === REPLICATION.image);
      expect(listed?.latestVersion).toBe(REPLICATION.seededLatest);
      // Not a success: the run completed, and says Degraded in its output and in GET /api/images.
      expect(done.runtimeStatus).toBe('Completed');
      expect(done.output).toMatchObject({ status: 'Degraded', failedRegions: [REPLICATION.failingRegion] });
      expect(listed?.lastBuild).toMatchObject({ status: 'Degraded', version: output.version, error: null });
    } finally {
      await client.control('DELETE', 'faults');
    }
  });

  it('retries transient 5xx answers on reads and actions, and the build still succeeds with no VM left', async () => {
    const faults = [
      { method: 'POST', path: '/deallocate', status: 503, retryAfter: 1, count: 2 },
      { method: 'GET', path: '/virtualMachines/iab', status: 500, count: 2 },
      { method: 'PUT', path: '/runCommands/', status: 503, count: 1 },
    ];
    for (const f of faults) expect((await client.control('POST', 'faults', f)).status).toBe(201);
    await client.control('DELETE', 'requests');
    try {
      const before = await client.versionNames(TRANSIENT.image);
      const started = await client.api('POST', `/api/images/${TRANSIENT.image}/builds`, { body: { reason: 'transient faults' } });
      expect(started.status).toBe(202);
      const done = await client.untilTerminal(shape(checkStatusPayload, started.body).statusQueryGetUri);
      expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
      const output = shape(buildOutput, done.output);
      expect(output.promoted).toBe(true);
      expect((await client.versionNames(TRANSIENT.image)).filter((v) => !before.includes(v))).toEqual([output.version]);
      const fired = (await client.armRequests()).filter((r) => r.status >= 500);
      expect(fired.length).toBe(5);
      expect(await client.vmNames(stack.endpoints.stagingResourceGroup)).toEqual([]);
    } finally {
      await client.control('DELETE', 'faults');
    }
  });

  it('pauses an image for scheduled runs after pauseAfterFailures failed scheduled builds, until a successful on-demand build', async () => {
    await client.control('POST', 'runcommand-failures', { vmNamePrefix: 'iab', scriptContains: PAUSING.scriptFragment, exitCode: 100, output: 'E: acceptance' });
    try {
      await client.control('POST', 'marketplace', JAMMY);
      for (let failures = 1; failures <= PAUSING.pauseAfterFailures; failures++) {
        expect(await pausedOf(PAUSING.image)).toBe(false);
        const run = await client.runScheduledRebuild();
        expect(rebuildRunItems(run).find((i) => i.image === PAUSING.image)?.status).toBe('rebuild');
        // The scheduled run's build is a run of its own, its parent the rebuild run.
        const builds = (await client.runs({ image: PAUSING.image, kind: 'build' })).filter((b) => b.parentRunId === run.instanceId);
        expect(builds.map((b) => ({ status: b.status, trigger: b.trigger }))).toEqual([{ status: 'Failed', trigger: 'schedule' }]);
        expect((await client.instance(builds[0]?.runId ?? '')).body?.runtimeStatus).toBe('Failed');
      }
      expect(await pausedOf(PAUSING.image)).toBe(true);
      const paused = await client.runScheduledRebuild();
      expect(rebuildRunItems(paused).find((i) => i.image === PAUSING.image)?.status).toBe('paused');
    } finally {
      await client.control('DELETE', 'runcommand-failures');
    }
    // Fixed: an on-demand build always builds (§7) and, succeeding, lifts the pause at once.
    const started = await client.api('POST', `/api/images/${PAUSING.image}/builds`, { body: { reason: 'fixed' } });
    expect(started.status).toBe(202);
    const done = await client.untilTerminal(shape(checkStatusPayload, started.body).statusQueryGetUri);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    expect(await pausedOf(PAUSING.image)).toBe(false);
    const definition = await client.compute.galleryImages.get(client.galleryRg, client.galleryName, PAUSING.image);
    expect(Number(definition.tags?.['autopilot-consecutive-failures'] ?? '0')).toBe(0);
  });
});
