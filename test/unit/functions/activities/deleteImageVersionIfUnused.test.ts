import { describe, expect, it } from 'vitest';
import type { DeleteVersionIfUnusedInput } from '../../../../functions/contracts';
import type { ImageVersionView } from '../../../../shared/ports/galleryPort';
import { aVersion, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { aUser, DEFINITION_ID, FakePrunePorts, portError } from '../../../support/fakePrune';
import { createDeleteImageVersionIfUnusedActivity } from '../../../../functions/activities/deleteImageVersionIfUnused';

const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };
const NOW = '2026-11-25T08:00:00.000Z';
const PAST = '2026-11-01T00:00:00.000Z';
const FUTURE = '2026-12-20T00:00:00.000Z';

/** A version the planner would delete: deprecated, end of life passed, settled. */
function aDeletable(overrides: Partial<ImageVersionView> = {}): ImageVersionView {
  return aVersion({ name: '1.0.1', excludeFromLatest: true, endOfLifeDate: PAST, ...overrides });
}

function setup(version: ImageVersionView | null) {
  const arm = new FakeArm();
  if (version) arm.versions.set(`${ref.galleryName}/${ref.imageName}`.toLowerCase(), [version]);
  const prune = new FakePrunePorts();
  const activity = createDeleteImageVersionIfUnusedActivity({ gallery: arm, galleryLifecycle: prune });
  return { arm, prune, activity };
}

function deleteInput(overrides: Partial<DeleteVersionIfUnusedInput> = {}): DeleteVersionIfUnusedInput {
  return { ref, version: '1.0.1', protectTag: 'autopilot-retain', now: NOW, users: [], ...overrides };
}

describe('deleteImageVersionIfUnused activity (fresh GET, re-confirm, then DELETE)', () => {
  it('re-confirms and starts the delete', async () => {
    const { arm, prune, activity } = setup(aDeletable());
    expect(await activity(deleteInput())).toEqual({ status: 'deleting' });
    expect(arm.callsTo('getImageVersion')).toHaveLength(1);
    expect(prune.deleted).toEqual(['1.0.1']);
  });

  it.each<[string, Partial<ImageVersionView>, Partial<DeleteVersionIfUnusedInput>, RegExp]>([
    ['protected since the plan', { tags: { 'Autopilot-Retain': 'yes' } }, {}, /^PROTECTED: /],
    ['no longer excluded from latest', { excludeFromLatest: false }, {}, /^MAY_BE_LATEST: no longer excluded/],
    ['re-included in one region', { targetRegions: [{ name: 'eastus', replicas: 1, excludeFromLatest: false }] }, {}, /^MAY_BE_LATEST: re-included in eastus/],
    ['without an end-of-life date', { endOfLifeDate: null }, {}, /^EOL_NOT_REACHED: no end-of-life/],
    ['end of life moved into the future', { endOfLifeDate: FUTURE }, {}, /^EOL_NOT_REACHED: end of life 2026-12-20/],
    ['still replicating', { replication: { state: 'InProgress', regions: [{ region: 'eastus', state: 'InProgress' }] } }, {}, /^BUSY: .*replicating to eastus/],
    ['being updated', { provisioningState: 'Updating' }, {}, /^BUSY: provisioning state Updating/],
    ['pinned by a VM created since the plan', {}, { users: [aUser({ imageId: `${DEFINITION_ID}/VERSIONS/1.0.1` })] }, /^STILL_IN_USE: used by .*vm-app/],
  ])('refuses when %s, without sending a DELETE', async (_case, version, input, reason) => {
    const { prune, activity } = setup(aDeletable(version));
    const out = await activity(deleteInput(input));
    expect(out.status).toBe('refused');
    expect('reason' in out ? out.reason : '').toMatch(reason);
    expect(prune.deleted).toEqual([]);
  });

  it('a protect tag set to false does not protect, and a definition user cannot use an excluded version', async () => {
    const { prune, activity } = setup(aDeletable({ tags: { 'autopilot-retain': 'false' } }));
    expect(await activity(deleteInput({ users: [aUser({ imageId: DEFINITION_ID })] }))).toEqual({ status: 'deleting' });
    expect(prune.deleted).toEqual(['1.0.1']);
  });

  it('a version gone before the GET is alreadyGone; one already Deleting is not deleted twice', async () => {
    expect(await setup(null).activity(deleteInput())).toEqual({ status: 'alreadyGone' });
    const deleting = setup(aDeletable({ provisioningState: 'Deleting' }));
    expect(await deleting.activity(deleteInput())).toEqual({ status: 'deleting' });
    expect(deleting.prune.deleted).toEqual([]);
  });

  it('a 404 on DELETE is alreadyGone; a 409 (blocked before end of life) is a reported failure; a 5xx is thrown for retry', async () => {
    const gone = setup(aDeletable());
    gone.prune.failNext.set('startDeleteImageVersion', portError('NOT_FOUND'));
    expect(await gone.activity(deleteInput())).toEqual({ status: 'alreadyGone' });

    const blocked = setup(aDeletable());
    blocked.prune.failNext.set('startDeleteImageVersion', portError('CONFLICT', 'OperationNotAllowed: blocked'));
    expect(await blocked.activity(deleteInput())).toEqual({ status: 'failed', reason: 'CONFLICT: OperationNotAllowed: blocked' });

    const flaky = setup(aDeletable());
    flaky.prune.failNext.set('startDeleteImageVersion', portError('ARM_UNAVAILABLE'));
    await expect(flaky.activity(deleteInput())).rejects.toThrow(/^ARM_UNAVAILABLE/);
  });
});
