import { describe, expect, it } from 'vitest';
import { PortError } from '../../../../shared/ports/portError';
import { anImage, LOCATION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { createResolveRebuildBaseActivity } from '../../../../functions/activities/resolveRebuildBase';

describe('resolveRebuildBase', () => {
  const input = { location: LOCATION, baseImage: anImage().baseImage };

  it('resolves latest with one platform list', async () => {
    const arm = new FakeArm();
    arm.platformVersions.set(`${LOCATION}/canonical/0001-com-ubuntu-server-jammy/22_04-lts-gen2`, ['22.4.2', '22.4.10', '22.4.9']);
    const out = await createResolveRebuildBaseActivity({ compute: arm, gallery: arm })(input);
    expect(out).toEqual({ status: 'resolved', exact: 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:22.4.10', tag: 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:22.4.10' });
    expect(arm.callsTo('listPlatformImageVersions')).toHaveLength(1);
  });

  it('reports a base image without versions as missing data (the image is blocked, the run goes on)', async () => {
    const out = await createResolveRebuildBaseActivity({ compute: new FakeArm(), gallery: new FakeArm() })(input);
    expect(out).toMatchObject({ status: 'missing', reason: expect.stringMatching(/^NOT_FOUND:/) });
  });

  it('throws throttling so the retry policy applies', async () => {
    const arm = new FakeArm();
    arm.failNext.set('listPlatformImageVersions', new PortError('THROTTLED', 'too many requests'));
    await expect(createResolveRebuildBaseActivity({ compute: arm, gallery: arm })(input)).rejects.toThrow(/THROTTLED/);
  });
});
