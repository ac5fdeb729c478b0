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
});
