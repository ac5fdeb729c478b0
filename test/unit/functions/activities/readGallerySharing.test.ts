import { describe, expect, it } from 'vitest';
import { GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../support/builders';
import { FakePrunePorts } from '../../../support/fakePrune';
import { createReadGallerySharingActivity } from '../../../../functions/activities/readGallerySharing';

describe('readGallerySharing activity', () => {
  const gallery = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY };

  it.each([
    ['Private', false],
    ['private', false],
    ['Groups', true],
    ['Community', true],
    ['SomethingNew', true],
  ])('permissions %s → shared %s', async (permissions, shared) => {
    const ports = new FakePrunePorts();
    ports.sharing = permissions;
    expect(await createReadGallerySharingActivity({ galleryLifecycle: ports })(gallery)).toEqual({ permissions, shared });
  });
});
