import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestError } from '@azure/core-rest-pipeline';
import { FAST_POLL, galleryBody, imageBody, startForTest, uniqueName, type ArmTestContext } from './armTestKit';

let t: ArmTestContext;
beforeAll(async () => {
  t = await startForTest({ seed: { resourceGroups: [{ name: 'rg' }] } });
});
afterAll(async () => {
  await t.emulator.stop();
});

describe('galleries and image definitions through @azure/arm-compute', () => {
  it('creates, reads, lists and deletes a gallery with a definition', async () => {
    const gallery = uniqueName('gal');
    const created = await t.compute.galleries.createOrUpdate('rg', gallery, galleryBody(), FAST_POLL);
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.id).toBe(`/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/galleries/${gallery}`);

    const image = await t.compute.galleryImages.createOrUpdate('rg', gallery, 'ubuntu-base', imageBody(), FAST_POLL);
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
    await t.compute.galleries.createOrUpdate('rg', gallery, galleryBody(), FAST_POLL);
    const added = await t.compute.gallerySharingProfile.update('rg', gallery, { operationType: 'Add', groups: [{ type: 'Subscriptions', ids: ['11111111-0000-0000-0000-000000000001'] }] }, FAST_POLL);
    expect(added.operationType).toBe('Add');
    expect((await t.compute.galleries.get('rg', gallery)).sharingProfile).toMatchObject({ permissions: 'Groups', groups: [{ type: 'Subscriptions', ids: ['11111111-0000-0000-0000-000000000001'] }] });
    await t.compute.gallerySharingProfile.update('rg', gallery, { operationType: 'Reset' }, FAST_POLL);
    expect((await t.compute.galleries.get('rg', gallery)).sharingProfile?.permissions).toBe('Private');
    await t.compute.gallerySharingProfile.update('rg', gallery, { operationType: 'EnableCommunity' }, FAST_POLL);
    expect((await t.compute.galleries.get('rg', gallery)).sharingProfile?.permissions).toBe('Community');
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
