import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCreateImageVersionActivity } from '../../../../functions/activities/createImageVersion';
import type { CreateImageVersionSpec, ImageDefinitionRef, ImageVersionView } from '../../../../shared/ports/galleryPort';
import { PortError } from '../../../../shared/ports/portError';
import { compareVersions } from '../../../../shared/domain/versions';
import { aVersion, GALLERY, GALLERY_RG, LOCATION, STAGING_RG, SUBSCRIPTION, vmIdOf } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { FakePrunePorts } from '../../../support/fakePrune';
import { createDeleteOwnImageVersionActivity } from '../../../../functions/activities/deleteOwnImageVersion';
import { createFindCapturedVersionActivity } from '../../../../functions/activities/findCapturedVersion';
import { planBuildVersion } from '../../../../functions/activities/planBuildVersion';

const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };
const KEY = 'gal_autopilot/ubuntu-web';
const spec = (buildId: string): CreateImageVersionSpec => ({
  location: LOCATION,
  sourceVmId: vmIdOf(`iab${buildId}`, STAGING_RG),
  targetRegions: [{ name: LOCATION, replicas: 1 }],
  excludeFromLatest: true,
  tags: { 'autopilot-build': buildId },
});

/** A gallery whose PUT loses a race: another run's version appears just before ours is sent, and ARM refuses ours. */
class RacingArm extends FakeArm {
  constructor(
    private readonly winner: ImageVersionView,
    private readonly refusal: PortError,
  ) {
    super();
  }

  override async startCreateImageVersion(_ref: ImageDefinitionRef, _version: string, _spec: CreateImageVersionSpec): Promise<void> {
    this.versions.set(KEY, [this.winner]);
    throw this.refusal;
  }
}

describe('createImageVersion: a race lost between the read and the PUT', () => {
  it.each([
    ['ARM says the version is busy (409 OperationNotAllowed → CONFLICT)', new PortError('CONFLICT', 'version is Creating')],
    ['ARM says the version is immutable (PropertyChangeNotAllowed → VERSION_CONFLICT)', new PortError('VERSION_CONFLICT', 'source differs')],
  ])('%s → conflict with the winner named', async (_case, refusal) => {
    const arm = new RacingArm(aVersion({ name: '1.0.0', tags: { 'autopilot-build': 'winner1' } }), refusal);
    const out = await createCreateImageVersionActivity({ gallery: arm })({ ref, version: '1.0.0', spec: spec('b1') });
    expect(out).toEqual({ status: 'conflict', detail: 'VERSION_CONFLICT: version 1.0.0 of ubuntu-web already exists from build winner1' });
  });

  it('a refused PUT whose version turns out to be our own (an unseen earlier attempt) is alreadyExists', async () => {
    const arm = new RacingArm(aVersion({ name: '1.0.0', tags: { 'autopilot-build': 'b1' } }), new PortError('CONFLICT', 'busy'));
    expect(await createCreateImageVersionActivity({ gallery: arm })({ ref, version: '1.0.0', spec: spec('b1') })).toEqual({ status: 'alreadyExists' });
  });

  it('a 409 for a version that still does not exist is passed on (transient, retried by Durable)', async () => {
    const arm = new FakeArm();
    arm.failNext.set('startCreateImageVersion', new PortError('CONFLICT', 'definition is Updating'));
    await expect(createCreateImageVersionActivity({ gallery: arm })({ ref, version: '1.0.0', spec: spec('b1') })).rejects.toThrow(/^CONFLICT/);
  });
});

describe('deleteOwnImageVersion', () => {
  const setup = (version: ImageVersionView | null) => {
    const arm = new FakeArm();
    const lifecycle = new FakePrunePorts();
    if (version !== null) arm.versions.set(KEY, [version]);
    const activity = createDeleteOwnImageVersionActivity({ gallery: arm, galleryLifecycle: lifecycle });
    return { activity, lifecycle };
  };

  it.each<[string, ImageVersionView | null, string, number]>([
    ['our Failed version is deleted', aVersion({ provisioningState: 'Failed', excludeFromLatest: true, tags: { 'autopilot-build': 'b1' } }), 'deleting', 1],
    ['our version already Deleting: no second DELETE', aVersion({ provisioningState: 'Deleting', excludeFromLatest: true, tags: { 'autopilot-build': 'b1' } }), 'deleting', 0],
    ['gone (404) is done', null, 'gone', 0],
    ['another build’s version is kept', aVersion({ provisioningState: 'Failed', excludeFromLatest: true, tags: { 'autopilot-build': 'other' } }), 'kept', 0],
    ['our promoted version is kept', aVersion({ provisioningState: 'Succeeded', excludeFromLatest: false, tags: { 'autopilot-build': 'b1' } }), 'kept', 0],
  ])('%s', async (_case, version, status, deletes) => {
    const { activity, lifecycle } = setup(version);
    expect((await activity({ ref, version: '1.0.0', buildId: 'b1' })).status).toBe(status);
    expect(lifecycle.callsTo('startDeleteImageVersion')).toHaveLength(deletes);
  });

  it('a DELETE answered 404 (gone between the read and the delete) is gone', async () => {
    const { activity, lifecycle } = setup(aVersion({ provisioningState: 'Failed', excludeFromLatest: true, tags: { 'autopilot-build': 'b1' } }));
    lifecycle.failNext.set('startDeleteImageVersion', new PortError('NOT_FOUND', 'gone'));
    expect(await activity({ ref, version: '1.0.0', buildId: 'b1' })).toEqual({ status: 'gone' });
  });
});

describe('findCapturedVersion counts only usable versions', () => {
  const hash = 'abcdef0123456789';
  const tags = { 'autopilot-source-vm': hash, 'autopilot-build': 'first' };

  it.each<[string, ImageVersionView[], string | null, string | null]>([
    ['a Failed capture is not a capture', [aVersion({ name: '1.0.0', provisioningState: 'Failed', excludeFromLatest: true, tags })], null, null],
    ['an interrupted one is resumed', [aVersion({ name: '1.0.0', provisioningState: 'Succeeded', excludeFromLatest: true, tags })], '1.0.0', 'resume'],
    ['a deprecated one stays deprecated', [aVersion({ name: '1.0.0', excludeFromLatest: true, endOfLifeDate: '2027-01-01T00:00:00.000Z', tags })], '1.0.0', 'deprecated'],
    [
      'after a Failed one, the good re-capture',
      [aVersion({ name: '1.0.0', provisioningState: 'Failed', excludeFromLatest: true, tags }), aVersion({ name: '1.0.1', tags })],
      '1.0.1',
      'complete',
    ],
  ])('%s', async (_case, versions, name, disposition) => {
    const arm = new FakeArm();
    arm.versions.set(KEY, versions);
    const out = await createFindCapturedVersionActivity({ gallery: arm })({ ref, vmIdHash: hash });
    expect(out.version?.name ?? null).toBe(name);
    expect(out.disposition).toBe(disposition);
  });
});

describe('planBuildVersion after a conflict', () => {
  it('never plans a name reported taken, even when the list does not show it yet', () => {
    const segment = fc.integer({ min: 0, max: 50 });
    const version = fc.tuple(segment, segment).map(([minor, patch]) => `1.${minor}.${patch}`);
    fc.assert(
      fc.property(fc.array(version, { maxLength: 10 }), fc.array(version, { minLength: 1, maxLength: 3 }), fc.constantFrom<'semver' | 'date'>('semver', 'date'), (listed, taken, scheme) => {
        const plan = planBuildVersion({
          versioning: { scheme, major: 1 },
          existing: listed.map((name) => ({ name, baseImage: null })),
          baseImage: '',
          now: '2026-11-25T10:00:00.000Z',
          taken,
        });
        for (const name of [...listed, ...taken]) expect(compareVersions(plan.version, name)).toBe(1);
      }),
    );
  });

  it.each([
    ['the conflict is in the list', ['1.0.0'], ['1.0.0'], '1.0.1'],
    ['the list lags behind the conflict', [], ['1.0.0'], '1.0.1'],
    ['two re-plans in a row', ['1.0.0'], ['1.0.0', '1.0.1'], '1.0.2'],
  ])('%s', (_case, listed, taken, expected) => {
    const plan = planBuildVersion({ versioning: { scheme: 'semver', major: 1 }, existing: listed.map((name) => ({ name, baseImage: null })), baseImage: '', now: '2026-11-25T10:00:00.000Z', taken });
    expect(plan.version).toBe(expected);
  });
});
