/**
 * A scheduled rebuild goes through the validation gate like an HTTP build: a base image whose new version fails its
 * validation is not promoted, and the images built on it are not rebuilt in that run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipeSha256 } from '../../shared/domain/hashing';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../support/builders';
import { getInstance, listRuns } from '../support/durableApi';
import { BASE_IMAGE_VERSIONS, seedFor, type Stack } from '../support/stack';
import { expectDeterministicFailedReplay, expectDeterministicReplay } from '../support/replay';
import { builtImages, JAMMY, runScheduledRebuild, startHandsOffStack, versionNames } from './handsOffSupport';

const WEB_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/ubuntu-web`;
const web = anImage({
  validation: {
    subnets: {},
    steps: [{ name: 'nginx-answers', type: 'shell', inline: ['curl -fsS localhost # e2e-scheduled-validation-breaks'], timeoutSeconds: 300 }],
    timeoutMinutes: 30,
    approval: 'none',
    approvalTimeoutHours: 72,
  },
});
const app = anImageNamed('ubuntu-app', { baseImage: { type: 'gallery', imageId: WEB_ID } });
const catalog = aCatalog({ images: [app, web] });
const REGIONS = web.targetRegions.map((r) => r.name);
const SEEDED: Record<string, Record<string, string>> = {
  'ubuntu-web': {
    'autopilot-base-image': `${JAMMY.publisher}:${JAMMY.offer}:${JAMMY.sku}:${BASE_IMAGE_VERSIONS[1]}`,
    'autopilot-recipe-sha256': recipeSha256(web.customization),
  },
  'ubuntu-app': { 'autopilot-base-image': `${WEB_ID}/versions/1.0.0`, 'autopilot-recipe-sha256': recipeSha256(app.customization) },
};

let stack: Stack;
beforeAll(async () => {
  const galleries = (seedFor(catalog).galleries ?? []).map((g) => ({
    ...g,
    images: (g.images ?? []).map((i) => ({ ...i, versions: [{ name: '1.0.0', ageDays: 1, targetRegions: REGIONS, tags: SEEDED[i.name] ?? {} }] })),
  }));
  stack = await startHandsOffStack({ catalog, seed: { galleries } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('a scheduled rebuild of a gated base image', () => {
  it('whose validation fails promotes nothing and does not rebuild the images built on it', async () => {
    expect((await stack.control('POST', 'marketplace', { location: 'westeurope', ...JAMMY, version: '22.4.202612010' })).status).toBe(201);
    await stack.control('POST', 'runcommand-failures', { scriptContains: 'e2e-scheduled-validation-breaks', exitCode: 7, output: 'connection refused' });

    const run = await runScheduledRebuild(stack);
    expect(builtImages(run.output)).toEqual([]);
    const [webRun] = await listRuns(stack.url, { kind: 'build', image: 'ubuntu-web', top: 1 });
    expect(webRun).toMatchObject({ status: 'Failed', parentRunId: run.status.instanceId });
    const webBuild = await getInstance(stack.url, webRun?.runId ?? 'no web build run');
    expect(String(webBuild?.output)).toMatch(/VALIDATION_FAILED: validation step "nginx-answers" failed in westeurope/);
    expect(await listRuns(stack.url, { kind: 'build', image: 'ubuntu-app' })).toEqual([]);

    // The failed version stays, excluded from latest and tagged; latest is still yesterday's; the dependant unchanged.
    const failed = await armReader(stack).gallery.getImageVersion(imageRef(stack, 'ubuntu-web'), '1.1.0');
    expect(failed).toMatchObject({ excludeFromLatest: true, tags: expect.objectContaining({ 'autopilot-validation': 'failed' }) });
    expect(await versionNames(stack, 'ubuntu-app')).toEqual(['1.0.0']);
    expect(await armReader(stack).compute.listVms(SUBSCRIPTION, stack.catalog.staging.resourceGroup)).toEqual([]);

    await expectDeterministicReplay(stack, run.status.instanceId, run.output);
    const error = 'VALIDATION_FAILED: validation step "nginx-answers" failed in westeurope: ended Failed (exit code 7): connection refused\n[emulated] step failed with exit code 7; version 1.1.0 stays excluded from latest';
    await expectDeterministicFailedReplay(stack, webRun?.runId ?? '', error);
  });
});
