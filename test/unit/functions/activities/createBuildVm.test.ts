import { describe, expect, it } from 'vitest';
import { createCreateBuildVmActivity } from '../../../../functions/activities/createBuildVm';
import { createReadVmActivity } from '../../../../functions/activities/readVm';
import type { BuildVmSpec } from '../../../../shared/ports/computePort';
import { aVm, LOCATION, STAGING_RG, SUBNET_ID, SUBSCRIPTION, vmIdOf } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { createDeleteVmActivity } from '../../../../functions/activities/deleteVm';

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

describe('VM activities', () => {
  it('createBuildVm is idempotent for its own build and refuses another build\'s VM', async () => {
    const arm = new FakeArm();
    const activity = createCreateBuildVmActivity({ compute: arm });
    const first = await activity(vmSpec('0000000a'));
    const again = await activity(vmSpec('0000000a'));
    expect(again.vmId.toLowerCase()).toBe(first.vmId.toLowerCase());
    // The first run writes without reading; the retry's create-only PUT is refused and the VM read instead.
    expect(arm.callsTo('getVm')).toHaveLength(1);
    expect(arm.vms.get(first.vmId.toLowerCase())?.tags['autopilot-build']).toBe('0000000a');
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
