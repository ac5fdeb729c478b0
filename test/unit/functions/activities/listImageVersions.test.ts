import { describe, expect, it } from 'vitest';
import { GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { PortError } from '../../../../shared/ports/portError';
import { createFindCapturedVersionActivity } from '../../../../functions/activities/findCapturedVersion';
import { createListImageVersionsActivity } from '../../../../functions/activities/listImageVersions';

const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };

describe('version reads of a definition that does not exist yet', () => {
  it('list no versions and find no capture instead of failing', async () => {
    const arm = new FakeArm();
    const missing = () => arm.failNext.set('listImageVersions', new PortError('NOT_FOUND', 'image definition ubuntu-web'));
    missing();
    expect(await createListImageVersionsActivity({ gallery: arm })(ref)).toEqual([]);
    missing();
    expect(await createFindCapturedVersionActivity({ gallery: arm })({ ref, vmIdHash: '0123456789abcdef' })).toEqual({ version: null, disposition: null, skipped: [] });
  });
});

describe('version reads that fail otherwise', () => {
  it('pass the failure on with its code', async () => {
    const arm = new FakeArm();
    arm.failNext.set('listImageVersions', new PortError('THROTTLED', 'slow down'));
    await expect(createListImageVersionsActivity({ gallery: arm })(ref)).rejects.toThrow(/^THROTTLED/);
  });
});
