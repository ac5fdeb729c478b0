/** A catalog image whose definition does not exist yet (an image just added to the catalog). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './support/kit';
import { checkStatusPayload, imagesBody, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const NEW_IMAGE = 'ubuntu-2204-newapp';
interface CatalogImage { name: string; definition: Record<string, unknown> }

let stack: LocalStack;
let client: Client;
beforeAll(async () => {
  stack = await startLocal({
    editCatalog: (catalog) => {
      const images = catalog.images as CatalogImage[];
      const copy = JSON.parse(JSON.stringify(images.find((i) => i.name === 'ubuntu-2204-docker'))) as CatalogImage;
      copy.name = NEW_IMAGE;
      copy.definition.offer = 'ubuntu-newapp';
      images.push(copy);
    },
  });
  client = new Client(stack);
});
afterAll(async () => {
  await stack?.stop();
});

describe('an image new to the catalog', () => {
  it('is listed by GET /api/images (200, no versions) while the others still are', async () => {
    const res = await client.api('GET', '/api/images');
    expect(res.status, res.text).toBe(200);
    const listed = shape(imagesBody, res.body).images.find((i) => i.name === NEW_IMAGE);
    expect(listed).toMatchObject({ latestVersion: null, versions: [] });
  });

  it('answers a dry-run prune plan with no items instead of a 500 (before its first build)', async () => {
    const res = await client.api('POST', `/api/images/${NEW_IMAGE}/prune`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ image: NEW_IMAGE, dryRun: true, items: [], summary: { keep: 0, deprecate: 0, delete: 0 } });
  });

  it('is built on demand: the definition comes from the catalog', async () => {
    const started = await client.api('POST', `/api/images/${NEW_IMAGE}/builds`, { body: {} });
    expect(started.status).toBe(202);
    const done = await client.untilTerminal(shape(checkStatusPayload, started.body).statusQueryGetUri);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    const listed = shape(imagesBody, (await client.api('GET', '/api/images')).body).images.find((i) => i.name === NEW_IMAGE);
    expect(listed?.latestVersion).toBe('1.0.0');
  });
});
