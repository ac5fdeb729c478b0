import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportOutput } from '../../functions/contracts';
import { importSourceHash } from '../../shared/domain/importSource';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed, CAPTURE_RG, SUBSCRIPTION } from '../support/builders';
import { getInstance, listRuns, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

const IMAGE = 'ubuntu-web';
const rgId = (rg: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}`;
const computeId = (type: string, name: string, rg = CAPTURE_RG) => `${rgId(rg)}/providers/Microsoft.Compute/${type}/${name}`;
const ACCOUNT = `${rgId(CAPTURE_RG)}/providers/Microsoft.Storage/storageAccounts/stimports`;
const VHD = 'https://stimports.blob.core.windows.net/vhds/golden.vhd';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    catalog: aCatalog({ images: [anImage(), anImageNamed('img-other')] }),
    seed: {
      resourceGroups: [{ name: 'rg-elsewhere' }],
      managedImages: [
        { resourceGroup: CAPTURE_RG, name: 'img-portal' },
        { resourceGroup: CAPTURE_RG, name: 'img-windows', osType: 'Windows' },
        { resourceGroup: CAPTURE_RG, name: 'img-gen1', hyperVGeneration: 'V1' },
        { resourceGroup: CAPTURE_RG, name: 'img-specialized', osState: 'Specialized' },
        { resourceGroup: CAPTURE_RG, name: 'img-north', location: 'northeurope' },
        { resourceGroup: 'rg-elsewhere', name: 'img-outside' },
      ],
      snapshots: [{ resourceGroup: CAPTURE_RG, name: 'snap-golden' }],
      storageAccounts: [{ resourceGroup: CAPTURE_RG, name: 'stimports', vhds: ['vhds/golden.vhd'] }],
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

const startImport = (source: Record<string, string>, image = IMAGE) => postJson(`${stack.url}/api/imports`, { image, source });
const versionsOf = () => armReader(stack).gallery.listImageVersions(imageRef(stack, IMAGE));

/** The version's storageProfile as the emulated ARM stores it (the SDK view the app reads leaves it out). */
async function storageProfileOf(version: string): Promise<unknown> {
  const { body } = await stack.control('GET', 'state');
  const resources = (body as { resources: Record<string, { properties: { storageProfile?: unknown } }> }).resources;
  const g = stack.catalog.gallery;
  const id = `${rgId(g.resourceGroup)}/providers/Microsoft.Compute/galleries/${g.name}/images/${IMAGE}/versions/${version}`.toLowerCase();
  return resources[id]?.properties.storageProfile;
}

async function importedVersion(source: Record<string, string>): Promise<{ runId: string; output: ImportOutput }> {
  const started = await startImport(source);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const runId = runIdOf(started);
  const done = await runUntilDone(stack, runId);
  expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
  return { runId, output: done.output as ImportOutput };
}

describe('import into the gallery through the local host and the emulated ARM', () => {
  it('publishes and promotes a portal-captured managed image once, however often it is asked', async () => {
    const managedImageId = computeId('images', 'img-portal');
    const first = await startImport({ managedImageId });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const runId = runIdOf(first);
    expect(runId).toMatch(/^import-ubuntu-web-\d{14}-[0-9a-f]{6}$/);
    // The lock is per source (its ID compared case-insensitively): the 409 names the running import.
    const duplicate = await startImport({ managedImageId: managedImageId.replace('img-portal', 'IMG-PORTAL') });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: { code: 'IMPORT_RUNNING' }, runId });

    const done = await runUntilDone(stack, runId);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    const output = done.output as ImportOutput;
    expect(output).toMatchObject({ image: IMAGE, version: '1.0.0', promoted: true, status: 'Succeeded' });
    const [version] = await versionsOf();
    expect(version?.tags).toMatchObject({ 'autopilot-trigger': 'import', 'autopilot-source': importSourceHash({ kind: 'managedImage', id: managedImageId }), 'autopilot-build': output.buildId });
    expect(version?.excludeFromLatest).toBe(false);
    expect(await storageProfileOf('1.0.0')).toMatchObject({ source: { id: managedImageId } });

    // Asked again once it completed: answered from the run's record, nothing read or written in ARM.
    await stack.clearArmRequests();
    const again = await startImport({ managedImageId });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ runId, runtimeStatus: 'Completed', output });
    expect(await stack.armRequests()).toEqual([]);
    // Into another image: refused, naming the image it went into.
    const elsewhere = await startImport({ managedImageId }, 'img-other');
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'image', message: expect.stringContaining('already imported into image "ubuntu-web"') }] } });
    expect((await getInstance(stack.url, runId))?.output).toEqual(output);
    expect((await versionsOf()).map((v) => v.name)).toEqual(['1.0.0']);
    expect((await listRuns(stack.url, { kind: 'import' })).map((r) => r.runId)).toEqual([runId]);
  });

  it('imports a snapshot and a VHD through osDiskImage, as ARM takes them', async () => {
    const snapshotId = computeId('snapshots', 'snap-golden');
    const fromSnapshot = await importedVersion({ snapshotId });
    expect(fromSnapshot.output).toMatchObject({ version: '1.0.1', promoted: true });
    expect(await storageProfileOf('1.0.1')).toMatchObject({ osDiskImage: { source: { id: snapshotId } } });

    const fromVhd = await importedVersion({ vhdUri: VHD, storageAccountId: ACCOUNT });
    expect(fromVhd.output).toMatchObject({ version: '1.0.2', promoted: true });
    expect(await storageProfileOf('1.0.2')).toMatchObject({ osDiskImage: { source: { uri: VHD, storageAccountId: ACCOUNT } } });
  });

  it.each([
    ['of the wrong OS', 422, 'IMPORT_SOURCE_MISMATCH', 'source.osType', { managedImageId: computeId('images', 'img-windows') }, /is Windows but image ubuntu-web is Linux/],
    ['of the wrong Hyper-V generation', 422, 'IMPORT_SOURCE_MISMATCH', 'source.hyperVGeneration', { managedImageId: computeId('images', 'img-gen1') }, /generation V1 but image ubuntu-web is V2/],
    ['of the wrong OS state', 422, 'IMPORT_SOURCE_MISMATCH', 'source.osState', { managedImageId: computeId('images', 'img-specialized') }, /is Specialized but image ubuntu-web is Generalized/],
    ['in another region than the gallery', 422, 'IMPORT_SOURCE_MISMATCH', 'source.location', { managedImageId: computeId('images', 'img-north') }, /is in northeurope, but .* gallery's region westeurope/],
    ['outside the capture scopes', 400, 'VALIDATION_FAILED', 'source.managedImageId', { managedImageId: computeId('images', 'img-outside', 'rg-elsewhere') }, /outside the catalog's capture scopes/],
    ['that does not exist', 400, 'VALIDATION_FAILED', 'source.managedImageId', { managedImageId: computeId('images', 'img-none') }, /does not exist/],
    ['a VHD URI that is not a blob of the named account', 400, 'VALIDATION_FAILED', 'source.vhdUri', { vhdUri: 'https://stother.blob.core.windows.net/vhds/golden.vhd', storageAccountId: ACCOUNT }, /must be a blob of storage account 'stimports'/],
    ['two kinds of source at once', 400, 'VALIDATION_FAILED', 'source', { managedImageId: computeId('images', 'img-portal'), snapshotId: computeId('snapshots', 'snap-golden') }, /give exactly one of/],
    ['a snapshot ID given as a disk', 400, 'VALIDATION_FAILED', 'source.diskId', { diskId: computeId('snapshots', 'snap-golden') }, /Microsoft.Compute\/disks resource ID/],
  ])('a source %s → %i %s naming %s, nothing written or started', async (_case, status, code, path, source, reason) => {
    await stack.clearArmRequests();
    const runsBefore = await listRuns(stack.url);
    const versionsBefore = (await versionsOf()).map((v) => v.name);
    await stack.clearArmRequests();
    const response = await startImport(source);
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body).toMatchObject({ error: { code, details: [expect.objectContaining({ path })] } });
    expect(JSON.stringify(response.body)).toMatch(reason);
    expect((await stack.armRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await listRuns(stack.url)).toEqual(runsBefore);
    expect((await versionsOf()).map((v) => v.name)).toEqual(versionsBefore);
  });

  it('an image not in the catalog → 404 naming image', async () => {
    const response = await startImport({ managedImageId: computeId('images', 'img-portal') }, 'no-such-image');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { code: 'NOT_FOUND', details: [{ path: 'image' }] } });
  });
});
