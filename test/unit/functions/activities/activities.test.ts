import { describe, expect, it } from 'vitest';
import { createCreateBuildVmActivity } from '../../../../functions/activities/createBuildVm';
import { createCreateImageVersionActivity } from '../../../../functions/activities/createImageVersion';
import { createReadVmActivity } from '../../../../functions/activities/readVm';
import { createResolveBaseImageActivity } from '../../../../functions/activities/resolveBaseImage';
import { createSweepBuildVmsActivity } from '../../../../functions/activities/sweepBuildVms';
import { sha256Hex } from '../../../../shared/domain/hashing';
import type { BuildVmSpec, VmView } from '../../../../shared/ports/computePort';
import type { CreateImageVersionSpec } from '../../../../shared/ports/galleryPort';
import { PortError } from '../../../../shared/ports/portError';
import { aVersion, aVm, GALLERY, GALLERY_RG, LOCATION, STAGING_RG, SUBNET_ID, SUBSCRIPTION, vmIdOf } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { createFindCapturedVersionActivity } from '../../../../functions/activities/findCapturedVersion';
import { type RunningBuilds } from '../../../../shared/ports/runningBuilds';
import { createDeleteVmActivity } from '../../../../functions/activities/deleteVm';

const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };

function versionSpec(tags: Record<string, string>): CreateImageVersionSpec {
  return { location: LOCATION, sourceVmId: vmIdOf('iab00000001', STAGING_RG), targetRegions: [{ name: LOCATION, replicas: 1 }], excludeFromLatest: true, tags };
}

function vmSpec(buildId: string): BuildVmSpec {
  return {
    subscriptionId: SUBSCRIPTION,
    resourceGroup: STAGING_RG,
    name: `iab${buildId}`,
    location: LOCATION,
    vmSize: 'Standard_D2s_v5',
    subnetId: SUBNET_ID,
    osType: 'Linux',
    image: { type: 'marketplace', publisher: 'p', offer: 'o', sku: 's', version: '1.0.0' },
    tags: { 'autopilot-build': buildId, 'autopilot-instance': 'build-ubuntu-web' },
  };
}

describe('createImageVersion (idempotent by content)', () => {
  it('creates a missing version', async () => {
    const arm = new FakeArm();
    const out = await createCreateImageVersionActivity({ gallery: arm })({ ref, version: '1.0.0', spec: versionSpec({ 'autopilot-build': 'b1' }) });
    expect(out).toEqual({ status: 'created' });
    expect(arm.callsTo('startCreateImageVersion')).toHaveLength(1);
  });

  it('a repeat from the same build is alreadyExists and writes nothing', async () => {
    const arm = new FakeArm();
    const activity = createCreateImageVersionActivity({ gallery: arm });
    await activity({ ref, version: '1.0.0', spec: versionSpec({ 'autopilot-build': 'b1' }) });
    expect(await activity({ ref, version: '1.0.0', spec: versionSpec({ 'autopilot-build': 'b1' }) })).toEqual({ status: 'alreadyExists' });
    expect(arm.callsTo('startCreateImageVersion')).toHaveLength(1);
  });

  // Was a thrown VERSION_CONFLICT; now data, so the orchestration re-plans the next free version (versionRecovery tests).
  it('a version from another build is a conflict (data, code first), never overwritten', async () => {
    const arm = new FakeArm();
    arm.versions.set('gal_autopilot/ubuntu-web', [aVersion({ name: '1.0.0', tags: { 'autopilot-build': 'other' } })]);
    const out = await createCreateImageVersionActivity({ gallery: arm })({ ref, version: '1.0.0', spec: versionSpec({ 'autopilot-build': 'b1' }) });
    expect(out).toMatchObject({ status: 'conflict', detail: expect.stringMatching(/^VERSION_CONFLICT: .*from build other/) });
    expect(arm.callsTo('startCreateImageVersion')).toHaveLength(0);
  });

  it('passes unexpected read failures on with their code', async () => {
    const arm = new FakeArm();
    arm.failNext.set('getImageVersion', new PortError('ARM_UNAVAILABLE', 'boom'));
    await expect(
      createCreateImageVersionActivity({ gallery: arm })({ ref, version: '1.0.0', spec: versionSpec({ 'autopilot-build': 'b1' }) }),
    ).rejects.toThrow(/^ARM_UNAVAILABLE/);
  });
});

describe('VM activities', () => {
  it('createBuildVm is idempotent for its own build and refuses another build\'s VM', async () => {
    const arm = new FakeArm();
    const activity = createCreateBuildVmActivity({ compute: arm });
    const first = await activity(vmSpec('0000000a'));
    const again = await activity(vmSpec('0000000a'));
    expect(again.vmId.toLowerCase()).toBe(first.vmId.toLowerCase());
    expect(arm.callsTo('startCreateVm')).toHaveLength(1);
    arm.addVm(aVm({ id: vmIdOf('iab0000000b', STAGING_RG), name: 'iab0000000b', tags: { 'autopilot-build': 'zzz' } }));
    await expect(activity(vmSpec('0000000b'))).rejects.toThrow(/^CONFLICT: VM iab0000000b exists and belongs to build zzz/);
  });

  it('deleteVm treats 404 as done; readVm reports absence as data', async () => {
    const arm = new FakeArm();
    const vm = aVm();
    arm.addVm(vm);
    expect(await createDeleteVmActivity({ compute: arm })({ vmId: vm.id })).toEqual({ status: 'deleting' });
    expect(await createDeleteVmActivity({ compute: arm })({ vmId: vm.id })).toEqual({ status: 'alreadyGone' });
    expect(await createReadVmActivity({ compute: arm })({ vmId: vm.id })).toEqual({ exists: false });
  });
});

describe('readVm: the base-image tag a capture of the VM records', () => {
  const gallery = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images`;
  const longName = 'x'.repeat(200);
  it.each<[string, VmView['imageReference'], string | undefined]>([
    ['a platform image', { publisher: 'Canonical', offer: 'jammy', sku: '22_04', version: 'latest', exactVersion: '22.04.5' }, 'Canonical:jammy:22_04:22.04.5'],
    ['a gallery version', { id: `${gallery}/ubuntu-web/versions/1.0.0` }, `${gallery}/ubuntu-web/versions/1.0.0`],
    ['a gallery version ID too long for a tag value: its sha256', { id: `${gallery}/${longName}/versions/1.0.0` }, sha256Hex(`${gallery}/${longName}/versions/1.0.0`)],
    ['an unresolved latest: nothing', { publisher: 'Canonical', offer: 'jammy', sku: '22_04', version: 'latest' }, undefined],
    ['no reference: nothing', undefined, undefined],
  ])('%s', async (_case, imageReference, tag) => {
    const arm = new FakeArm();
    const vm = aVm(imageReference === undefined ? {} : { imageReference });
    arm.addVm(vm);
    const out = await createReadVmActivity({ compute: arm })({ vmId: vm.id });
    expect(out).toEqual(tag === undefined ? { exists: true, vm } : { exists: true, vm, baseImageTag: tag });
  });
});

describe('sweepBuildVms', () => {
  it('deletes build VMs whose instance does not run that build, keeps the rest', async () => {
    const arm = new FakeArm();
    const vm = (name: string, tags: Record<string, string>) => aVm({ id: vmIdOf(name, STAGING_RG), name, tags });
    arm.addVm(vm('iabrunning', { 'autopilot-build': 'aaaa0001', 'autopilot-instance': 'build-a' }));
    arm.addVm(vm('iabstale', { 'autopilot-build': 'aaaa0002', 'autopilot-instance': 'build-a' }));
    arm.addVm(vm('iaborphan', { 'autopilot-build': 'bbbb0001', 'autopilot-instance': 'build-gone' }));
    arm.addVm(vm('iabnoinstance', { 'autopilot-build': 'cccc0001' }));
    arm.addVm(vm('unrelated', { team: 'web' }));
    const builds: RunningBuilds = { runningBuildId: async (id) => (id === 'build-a' ? 'aaaa0001' : null) };
    const out = await createSweepBuildVmsActivity({ compute: arm }, builds)({ subscriptionId: SUBSCRIPTION, resourceGroup: STAGING_RG });
    expect(out.kept).toEqual([vmIdOf('iabrunning', STAGING_RG)]);
    expect(out.deleted.sort()).toEqual([vmIdOf('iabnoinstance', STAGING_RG), vmIdOf('iaborphan', STAGING_RG), vmIdOf('iabstale', STAGING_RG)].sort());
    expect([...arm.vms.values()].map((v) => v.name).sort()).toEqual(['iabrunning', 'unrelated']);
  });
});

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
