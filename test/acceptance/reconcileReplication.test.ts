/**
 * Acceptance: replication reconciliation (issue 7 "Done when"): after the catalog adds a region to an image, the next
 * scheduled run replicates that image's latest version there, as ARM shows — and every older version that is not
 * deprecated (the sample seed's vm-app-02 runs ubuntu-2204-docker 1.0.0).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, rebuildRunItems } from './support/kit';
import { startLocal, type LocalStack } from './support/localStack';

const IMAGE = 'ubuntu-2204-docker';
const SEEDED_LATEST = '1.1.0';
const SEEDED_OLDER = '1.0.0';
const ADDED_REGION = 'swedencentral';

interface CatalogImage {
  name: string;
  targetRegions?: unknown[];
}

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal({
    editCatalog: (catalog) => {
      const defaults = catalog.defaults as { targetRegions: unknown[] };
      const image = (catalog.images as CatalogImage[]).find((i) => i.name === IMAGE);
      if (!image) throw new Error(`${IMAGE} is not in catalog.sample.yaml`);
      image.targetRegions = [...defaults.targetRegions, { name: ADDED_REGION }];
    },
  });
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('replication reconciliation', () => {
  it('replicates the latest version and the older live one to a region the catalog added, without a rebuild', async () => {
    const before = await client.compute.galleryImageVersions.get(client.galleryRg, client.galleryName, IMAGE, SEEDED_LATEST);
    expect(before.publishingProfile?.targetRegions?.map((r) => r.name)).not.toContain(ADDED_REGION);

    const run = await client.runScheduledRebuild();
    expect(run.runtimeStatus).toBe('Completed');
    const item = rebuildRunItems(run).find((i) => i.image === IMAGE) as { status?: string; replications?: { version: string; added: string[] }[] } | undefined;
    expect(item?.status).toBe('up-to-date');
    expect(item?.replications?.map((r) => [r.version, r.added])).toEqual([[SEEDED_LATEST, [ADDED_REGION]], [SEEDED_OLDER, [ADDED_REGION]]]);
    expect(await client.instances({ instanceIdPrefix: `build-${IMAGE}` })).toEqual([]);
    expect(await client.runs({ image: IMAGE, kind: 'build' })).toEqual([]);

    const after = await client.compute.galleryImageVersions.get(client.galleryRg, client.galleryName, IMAGE, SEEDED_LATEST, { expand: 'ReplicationStatus' });
    expect(after.publishingProfile?.targetRegions?.map((r) => r.name.toLowerCase())).toContain(ADDED_REGION);
    const added = after.replicationStatus?.summary?.find((s) => s.region?.toLowerCase().replace(/\s/g, '') === ADDED_REGION);
    expect(added?.state).toBe('Completed');
    const older = await client.compute.galleryImageVersions.get(client.galleryRg, client.galleryName, IMAGE, SEEDED_OLDER);
    expect(older.publishingProfile?.targetRegions?.map((r) => r.name.toLowerCase())).toContain(ADDED_REGION);
    expect(await client.versionNames(IMAGE)).toEqual([SEEDED_OLDER, SEEDED_LATEST]);
  });
});
