import { describe, expect, it } from 'vitest';
import { createReadVmActivity } from '../../../../functions/activities/readVm';
import { sha256Hex } from '../../../../shared/domain/hashing';
import type { VmView } from '../../../../shared/ports/computePort';
import { aVm, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';

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
