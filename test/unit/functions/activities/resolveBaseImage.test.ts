import { describe, expect, it } from 'vitest';
import { createResolveBaseImageActivity } from '../../../../functions/activities/resolveBaseImage';
import { aVersion, GALLERY, GALLERY_RG, LOCATION, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { createFindCapturedVersionActivity } from '../../../../functions/activities/findCapturedVersion';

const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };

describe('resolveBaseImage and findCapturedVersion', () => {
  it('pins marketplace latest to the highest platform version', async () => {
    const arm = new FakeArm();
    arm.platformVersions.set('westeurope/canonical/ubuntu/22_04', ['22.04.202601010', '22.04.202611200', '22.04.202609150']);
    const out = await createResolveBaseImageActivity({ compute: arm, gallery: arm })({
      location: LOCATION,
      baseImage: { type: 'marketplace', publisher: 'Canonical', offer: 'Ubuntu', sku: '22_04', version: 'latest' },
    });
    expect(out.exact).toBe('Canonical:Ubuntu:22_04:22.04.202611200');
    expect(out.tag).toBe(out.exact);
    expect(out.source).toMatchObject({ type: 'marketplace', version: '22.04.202611200' });
  });

  it('fails with NOT_FOUND when no platform version exists', async () => {
    const arm = new FakeArm();
    await expect(
      createResolveBaseImageActivity({ compute: arm, gallery: arm })({
        location: LOCATION,
        baseImage: { type: 'marketplace', publisher: 'a', offer: 'b', sku: 'c', version: 'latest' },
      }),
    ).rejects.toThrow(/^NOT_FOUND/);
  });

  it('resolves a gallery definition to its latest version and hashes tag values past 256 characters', async () => {
    const arm = new FakeArm();
    const longImage = `img-${'x'.repeat(200)}`;
    arm.versions.set(`${GALLERY}/${longImage}`.toLowerCase(), [
      aVersion({ name: '1.0.9' }),
      aVersion({ name: '1.0.10' }),
      aVersion({ name: '2.0.0', excludeFromLatest: true }),
    ]);
    const definitionId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${longImage}`;
    const out = await createResolveBaseImageActivity({ compute: arm, gallery: arm })({ location: LOCATION, baseImage: { type: 'gallery', imageId: definitionId } });
    expect(out.exact).toBe(`${definitionId}/versions/1.0.10`);
    expect(out.tag).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds a captured version by its source-VM tag', async () => {
    const arm = new FakeArm();
    arm.versions.set('gal_autopilot/ubuntu-web', [aVersion({ name: '1.0.0' }), aVersion({ name: '1.0.1', tags: { 'autopilot-source-vm': 'abcdef0123456789' } })]);
    const find = createFindCapturedVersionActivity({ gallery: arm });
    expect((await find({ ref, vmIdHash: 'abcdef0123456789' })).version?.name).toBe('1.0.1');
    expect((await find({ ref, vmIdHash: '0000000000000000' })).version).toBeNull();
  });
});
