/**
 * Acceptance: a version captured into an image that also has a build recipe stays its latest through the next
 * scheduled run when nothing moved since the last build; a newer base image still rebuilds it, as a minor version
 * (semver: the base image changed since the last build, whatever the capture in between). The capture records the
 * image its VM was created from as `autopilot-base-image`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCapturableVm, aSeed, Client, rebuildRunItems, type SeedVm } from './support/kit';
import { buildOutput, checkStatusPayload, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const DOCKER = 'ubuntu-2204-docker';
const BASE = 'ubuntu-2204-base';
const JAMMY = { location: 'westeurope', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2' };
/** The platform image the captured VM was created from (the sample seed publishes it). */
const VM_ORIGIN = { publisher: JAMMY.publisher, offer: JAMMY.offer, sku: JAMMY.sku, version: '22.04.202611050' };
/** Seeded: 1.1.0 is ubuntu-2204-docker's newest build. */
const SEEDED_LATEST = '1.1.0';

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function capture(vm: SeedVm): Promise<{ version: string; tags: Record<string, string> }> {
  await client.seed(aSeed(client, [vm]));
  const started = await client.api('POST', '/api/captures', { body: { vmId: client.vmId(vm.resourceGroup, vm.name) } });
  expect(started.status, started.text).toBe(202);
  const captured = shape(buildOutput, (await client.untilTerminal(shape(checkStatusPayload, started.body).statusQueryGetUri)).output);
  expect(captured.promoted).toBe(true);
  const image = vm.tags?.['autopilot-capture-to'] ?? '';
  const version = await client.compute.galleryImageVersions.get(client.galleryRg, client.galleryName, image, captured.version);
  return { version: captured.version, tags: version.tags ?? {} };
}

describe('a capture between scheduled runs', () => {
  it('is kept by a run where nothing moved, and replaced by a minor version once the base image moves', async () => {
    // Seeded from `latest` without the version ARM resolved it to: the capture's origin is unknown, it records none.
    const captured = await capture(aCapturableVm('vm-acc-kept', DOCKER));
    expect(captured.version).toBe('1.1.1');
    expect(captured.tags['autopilot-base-image']).toBeUndefined();
    expect(captured.tags['autopilot-recipe-sha256']).toBeUndefined();

    const quiet = rebuildRunItems(await client.runScheduledRebuild()).find((item) => item.image === DOCKER);
    expect(quiet?.status, JSON.stringify(quiet)).toBe('up-to-date');
    expect(quiet?.detail).toContain(`${captured.version} was captured`);
    expect((await client.versionNames(DOCKER)).at(-1)).toBe(captured.version);

    expect((await client.control('POST', 'marketplace', { ...JAMMY, version: '22.04.202612010' })).status).toBe(201);
    const movedRun = await client.runScheduledRebuild();
    const moved = rebuildRunItems(movedRun).find((item) => item.image === DOCKER);
    expect(moved).toMatchObject({ status: 'rebuild', reasons: ['base-image-changed'] });
    expect(moved?.detail).toContain(`provenance from build ${SEEDED_LATEST}`);
    // The run's build of the image is a run of its own, its parent the rebuild run.
    const builds = (await client.runs({ image: DOCKER, kind: 'build' })).filter((b) => b.parentRunId === movedRun.instanceId);
    expect(builds).toHaveLength(1);
    const build = shape(buildOutput, (await client.untilInstanceTerminal(builds[0]?.runId ?? '')).output);
    // 1.1.1 (the capture) → 1.2.0: consumers of 1.1.* never get the new OS base as a patch.
    expect(build).toMatchObject({ version: '1.2.0', promoted: true });
  });

  it('records the exact image its VM was created from as autopilot-base-image', async () => {
    const fromPlatform = await capture(aCapturableVm('vm-acc-platform', BASE, { imageReference: VM_ORIGIN }));
    expect(fromPlatform.tags['autopilot-base-image']).toBe(`${VM_ORIGIN.publisher}:${VM_ORIGIN.offer}:${VM_ORIGIN.sku}:${VM_ORIGIN.version}`);
    const galleryVersion = client.versionId(BASE, '1.1.0');
    const fromGallery = await capture(aCapturableVm('vm-acc-gallery', BASE, { imageReference: { id: galleryVersion } }));
    expect(fromGallery.tags['autopilot-base-image']).toBe(galleryVersion);
    expect(fromGallery.tags['autopilot-recipe-sha256']).toBeUndefined();
  });
});
