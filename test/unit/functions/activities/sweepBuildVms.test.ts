import { describe, expect, it } from 'vitest';
import { createSweepBuildVmsActivity } from '../../../../functions/activities/sweepBuildVms';
import { aVm, STAGING_RG, SUBSCRIPTION, vmIdOf } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { type RunningBuilds } from '../../../../shared/ports/runningBuilds';

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

  it.each([
    ['its instance not seen running yet', null],
    ['its instance running it', 'dddd0001'],
  ])('returns and keeps the build VM it is given (%s), and still deletes the orphans', async (_, runningBuild) => {
    const arm = new FakeArm();
    const vm = (name: string, tags: Record<string, string>) => aVm({ id: vmIdOf(name, STAGING_RG), name, tags, provisioningState: 'Creating' });
    arm.addVm(vm('iabdddd0001', { 'autopilot-build': 'dddd0001', 'autopilot-instance': 'build-d' }));
    arm.addVm(vm('iaborphan', { 'autopilot-build': 'bbbb0001', 'autopilot-instance': 'build-gone' }));
    const builds: RunningBuilds = { runningBuildId: async (id) => (id === 'build-d' ? runningBuild : null) };
    const ownVmId = vmIdOf('iabdddd0001', STAGING_RG).toUpperCase();
    const out = await createSweepBuildVmsActivity({ compute: arm }, builds)({ subscriptionId: SUBSCRIPTION, resourceGroup: STAGING_RG, ownVmId });
    expect(out.own).toMatchObject({ name: 'iabdddd0001', provisioningState: 'Creating' });
    expect(out.kept).toEqual([vmIdOf('iabdddd0001', STAGING_RG)]);
    expect(out.deleted).toEqual([vmIdOf('iaborphan', STAGING_RG)]);
  });

  it('answers without `own` when the list does not show the build VM', async () => {
    const arm = new FakeArm();
    const out = await createSweepBuildVmsActivity({ compute: arm }, { runningBuildId: async () => null })({ subscriptionId: SUBSCRIPTION, resourceGroup: STAGING_RG, ownVmId: vmIdOf('iabeeee0001', STAGING_RG) });
    expect(out).toEqual({ deleted: [], kept: [] });
  });
});
