import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestError } from '@azure/core-rest-pipeline';
import { createGallery, createImage, FAST_POLL, galleryBody, imageBody, startForTest, SUB, uniqueName, type ArmTestContext } from './armTestKit';
import { addFault } from './controlClient';

const PROVISIONING = 30;
const API = { 'api-version': '2025-03-03' };
let t: ArmTestContext;
beforeAll(async () => {
  t = await startForTest({ seed: { resourceGroups: [{ name: 'rg' }] }, provisioningSeconds: PROVISIONING });
});
afterAll(async () => {
  await t.emulator.stop();
});

describe('galleries and image definitions through @azure/arm-compute', () => {
  it('creates, reads, lists and deletes a gallery with a definition', async () => {
    const gallery = uniqueName('gal');
    const created = await createGallery(t, 'rg', gallery, galleryBody(), PROVISIONING);
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.id).toBe(`/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/galleries/${gallery}`);

    const image = await createImage(t, 'rg', gallery, 'ubuntu-base', imageBody(), PROVISIONING);
    expect(image.osState).toBe('Generalized');

    const listed = [];
    for await (const item of t.compute.galleryImages.listByGallery('rg', gallery)) listed.push(item.name);
    expect(listed).toEqual(['ubuntu-base']);

    // IDs match case-insensitively, like ARM.
    const again = await t.compute.galleries.get('RG', gallery.toUpperCase());
    expect(again.name).toBe(gallery);

    await expect(t.compute.galleries.delete('rg', gallery, FAST_POLL)).rejects.toMatchObject({ statusCode: 409, code: 'CannotDeleteResource' });
    await t.compute.galleryImages.delete('rg', gallery, 'ubuntu-base', FAST_POLL);
    await t.compute.galleries.delete('rg', gallery, FAST_POLL);
    const gone = await t.compute.galleries.get('rg', gallery).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(RestError);
    expect(gone).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });

  it('shares a gallery with groups, resets it, and shares it with the community', async () => {
    const gallery = uniqueName('gal');
    const SUB_ID = '11111111-0000-0000-0000-000000000001';
    await createGallery(t, 'rg', gallery, galleryBody(), PROVISIONING);
    // Sharing needs a Groups gallery first, as in ARM (az sig create --permissions groups, then az sig share add).
    await expect(t.compute.gallerySharingProfile.update('rg', gallery, { operationType: 'Add', groups: [{ type: 'Subscriptions', ids: [SUB_ID] }] }, FAST_POLL)).rejects.toMatchObject({
      statusCode: 409,
      code: 'OperationNotAllowed',
    });
    await t.compute.galleries.update('rg', gallery, { sharingProfile: { permissions: 'Groups' } }, FAST_POLL);
    const added = await t.compute.gallerySharingProfile.update('rg', gallery, { operationType: 'Add', groups: [{ type: 'Subscriptions', ids: [SUB_ID] }] }, FAST_POLL);
    expect(added.operationType).toBe('Add');
    // Who it is shared with shows only with $select=Permissions.
    expect((await t.compute.galleries.get('rg', gallery)).sharingProfile).toEqual({ permissions: 'Groups' });
    expect((await t.compute.galleries.get('rg', gallery, { select: 'Permissions' })).sharingProfile).toMatchObject({ permissions: 'Groups', groups: [{ type: 'Subscriptions', ids: [SUB_ID] }] });
    await t.compute.gallerySharingProfile.update('rg', gallery, { operationType: 'Remove', groups: [{ type: 'Subscriptions', ids: [SUB_ID] }] }, FAST_POLL);
    expect((await t.compute.galleries.get('rg', gallery, { select: 'Permissions' })).sharingProfile?.groups ?? []).toEqual([]);
    await t.compute.gallerySharingProfile.update('rg', gallery, { operationType: 'Reset' }, FAST_POLL);
    expect((await t.compute.galleries.get('rg', gallery)).sharingProfile?.permissions).toBe('Private');
    // A community gallery needs its public details, then EnableCommunity publishes it under a public name.
    await expect(t.compute.gallerySharingProfile.update('rg', gallery, { operationType: 'EnableCommunity' }, FAST_POLL)).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    await expect(t.compute.galleries.update('rg', gallery, { sharingProfile: { permissions: 'Community' } }, FAST_POLL)).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    const communityGalleryInfo = { publisherUri: 'https://contoso.example', publisherContact: 'a@contoso.example', eula: 'https://contoso.example/eula', publicNamePrefix: 'contoso' };
    await t.compute.galleries.update('rg', gallery, { sharingProfile: { permissions: 'Community', communityGalleryInfo } }, FAST_POLL);
    await t.compute.gallerySharingProfile.update('rg', gallery, { operationType: 'EnableCommunity' }, FAST_POLL);
    const community = (await t.compute.galleries.get('rg', gallery)).sharingProfile;
    expect(community).toMatchObject({ permissions: 'Community', communityGalleryInfo: { ...communityGalleryInfo, communityGalleryEnabled: true } });
    expect(community?.communityGalleryInfo?.publicNames?.[0]).toMatch(/^contoso-[0-9a-f-]{36}$/);
    await expect(t.compute.gallerySharingProfile.update('rg', gallery, { operationType: 'Add' }, FAST_POLL)).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  });

  it.each([
    ['has a hyphen', 'my-gallery'],
    ['starts with a period', '.gallery'],
    ['is longer than 80 characters', 'g'.repeat(81)],
  ])('rejects a gallery name that %s with 400 InvalidParameter', async (_why, name) => {
    await expect(t.compute.galleries.createOrUpdate('rg', name, galleryBody(), FAST_POLL)).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  });

  it('answers ResourceGroupNotFound for a missing resource group', async () => {
    await expect(t.compute.galleries.createOrUpdate('nope', uniqueName('gal'), galleryBody(), FAST_POLL)).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
  });
});

/** Reads a resource until `done` holds; bounded so that a regression fails instead of hanging. */
async function readUntil<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('the expected state never came');
}

// Shaped by Gallery_Create.json and GalleryImage_Create.json: a create answers 201 with provisioningState Creating.
describe('galleries and definitions are created as long-running operations', () => {
  const galleryPath = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/galleries/${name}`;

  it.each([
    ['a gallery', (name: string) => galleryPath(name), { location: 'West Europe', properties: { description: 'This is the gallery description.' } }],
    [
      'an image definition',
      (name: string) => `${galleryPath(name)}/images/myGalleryImageName`,
      { location: 'West Europe', properties: { osType: 'Windows', osState: 'Generalized', hyperVGeneration: 'V1', identifier: { publisher: 'myPublisherName', offer: 'myOfferName', sku: 'mySkuName' } } },
    ],
  ])('answers 201 Creating with Azure-AsyncOperation for %s, and Succeeded after provisioning', async (what, pathOf, body) => {
    const gallery = uniqueName('gal');
    if (what !== 'a gallery') await createGallery(t, 'rg', gallery, galleryBody(), PROVISIONING);
    const resource = t.rest.pathUnchecked(pathOf(gallery));
    const created = await resource.put({ queryParameters: API, body });
    expect(created.status).toBe('201');
    expect((created.body as { properties: { provisioningState: string } }).properties.provisioningState).toBe('Creating');
    const statusUrl = new URL(String(created.headers['azure-asyncoperation']));
    expect(statusUrl.pathname).toMatch(/^\/subscriptions\/[^/]+\/providers\/Microsoft\.Compute\/locations\/westeurope\/operations\/[^/]+$/);
    const operation = t.rest.pathUnchecked(statusUrl.pathname);
    expect((await operation.get({ queryParameters: API })).body).toMatchObject({ status: 'InProgress' });
    expect((await resource.get({ queryParameters: API })).body).toMatchObject({ properties: { provisioningState: 'Creating' } });

    t.emulator.clock.advance(PROVISIONING);
    expect((await operation.get({ queryParameters: API })).body).toMatchObject({ status: 'Succeeded' });
    expect((await resource.get({ queryParameters: API })).body).toMatchObject({ properties: { provisioningState: 'Succeeded' } });
  });

  it('lets beginCreateOrUpdateAndWait poll the create to its end', async () => {
    const gallery = uniqueName('gal');
    const created = t.compute.galleries.beginCreateOrUpdateAndWait('rg', gallery, galleryBody(), FAST_POLL);
    await readUntil(() => t.compute.galleries.get('rg', gallery).catch(() => undefined), (g) => g?.provisioningState === 'Creating');
    t.emulator.clock.advance(PROVISIONING);
    expect((await created).provisioningState).toBe('Succeeded');

    const image = t.compute.galleryImages.beginCreateOrUpdateAndWait('rg', gallery, 'web', imageBody(), FAST_POLL);
    await readUntil(() => t.compute.galleryImages.get('rg', gallery, 'web').catch(() => undefined), (i) => i?.provisioningState === 'Creating');
    t.emulator.clock.advance(PROVISIONING);
    expect((await image).provisioningState).toBe('Succeeded');
  });

  it('refuses to update a gallery or a definition while it is being created', async () => {
    const gallery = uniqueName('gal');
    await t.compute.galleries.createOrUpdate('rg', gallery, galleryBody(), FAST_POLL).submitted();
    await expect(t.compute.galleries.createOrUpdate('rg', gallery, galleryBody(), FAST_POLL)).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
    t.emulator.clock.advance(PROVISIONING);
    await t.compute.galleryImages.createOrUpdate('rg', gallery, 'web', imageBody(), FAST_POLL).submitted();
    await expect(t.compute.galleryImages.update('rg', gallery, 'web', { tags: { team: 'web' } }, FAST_POLL)).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
  });

  it('ends in Failed when the create operation fails', async () => {
    const gallery = uniqueName('gal');
    await addFault(t.rest, { method: 'PUT', path: `/galleries/${gallery}`, lro: 'fail', code: 'GalleryQuotaExceeded' });
    const failure = await createGallery(t, 'rg', gallery, galleryBody(), PROVISIONING).catch((e: unknown) => e);
    expect(String((failure as Error).message)).toContain('GalleryQuotaExceeded');
    expect((await t.compute.galleries.get('rg', gallery)).provisioningState).toBe('Failed');
  });
});
