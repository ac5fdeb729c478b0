import { describe, expect, it } from 'vitest';
import { createCreateImageVersionActivity } from '../../../../functions/activities/createImageVersion';
import type { CreateImageVersionSpec } from '../../../../shared/ports/galleryPort';
import { PortError } from '../../../../shared/ports/portError';
import { aVersion, GALLERY, GALLERY_RG, LOCATION, STAGING_RG, SUBSCRIPTION, vmIdOf } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';

const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };

function versionSpec(tags: Record<string, string>): CreateImageVersionSpec {
  return { location: LOCATION, sourceVmId: vmIdOf('iab00000001', STAGING_RG), targetRegions: [{ name: LOCATION, replicas: 1 }], excludeFromLatest: true, tags };
}

describe('createImageVersion (idempotent by content)', () => {
  it('creates a missing version', async () => {
    const arm = new FakeArm();
    const out = await createCreateImageVersionActivity({ gallery: arm })({ ref, version: '1.0.0', spec: versionSpec({ 'autopilot-build': 'b1' }) });
    expect(out).toEqual({ status: 'created' });
    expect(arm.callsTo('startCreateImageVersion')).toHaveLength(1);
    // The create-only PUT is the whole check: no read before it.
    expect(arm.callsTo('getImageVersion')).toHaveLength(0);
  });

  it('a repeat from the same build is alreadyExists and writes nothing', async () => {
    const arm = new FakeArm();
    const activity = createCreateImageVersionActivity({ gallery: arm });
    await activity({ ref, version: '1.0.0', spec: versionSpec({ 'autopilot-build': 'b1' }) });
    expect(await activity({ ref, version: '1.0.0', spec: versionSpec({ 'autopilot-build': 'b1' }) })).toEqual({ status: 'alreadyExists' });
    // The repeat's create-only PUT was refused; one version, as the first run made it.
    expect(arm.versions.get('gal_autopilot/ubuntu-web')?.map((v) => v.name)).toEqual(['1.0.0']);
    expect(arm.callsTo('getImageVersion')).toHaveLength(1);
  });

  // Was a thrown VERSION_CONFLICT; now data, so the orchestration re-plans the next free version (versionRecovery tests).
  it('a version from another build is a conflict (data, code first), never overwritten', async () => {
    const arm = new FakeArm();
    arm.versions.set('gal_autopilot/ubuntu-web', [aVersion({ name: '1.0.0', tags: { 'autopilot-build': 'other' } })]);
    const out = await createCreateImageVersionActivity({ gallery: arm })({ ref, version: '1.0.0', spec: versionSpec({ 'autopilot-build': 'b1' }) });
    expect(out).toMatchObject({ status: 'conflict', detail: expect.stringMatching(/^VERSION_CONFLICT: .*from build other/) });
    expect(arm.versions.get('gal_autopilot/ubuntu-web')?.map((v) => v.tags['autopilot-build'])).toEqual(['other']);
  });

  it('passes unexpected read failures on with their code', async () => {
    const arm = new FakeArm();
    arm.versions.set('gal_autopilot/ubuntu-web', [aVersion({ name: '1.0.0', tags: { 'autopilot-build': 'other' } })]);
    arm.failNext.set('getImageVersion', new PortError('ARM_UNAVAILABLE', 'boom'));
    await expect(
      createCreateImageVersionActivity({ gallery: arm })({ ref, version: '1.0.0', spec: versionSpec({ 'autopilot-build': 'b1' }) }),
    ).rejects.toThrow(/^ARM_UNAVAILABLE/);
  });
});
