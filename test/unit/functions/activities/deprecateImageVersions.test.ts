import { describe, expect, it } from 'vitest';
import { PortError } from '../../../../shared/ports/portError';
import { GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../support/builders';
import { FakePrunePorts, portError } from '../../../support/fakePrune';
import { createDeprecateImageVersionsActivity } from '../../../../functions/activities/deprecateImageVersions';

const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };
const FUTURE = '2026-12-20T00:00:00.000Z';

describe('deprecateImageVersions activity (a batch)', () => {
  const batch = (...names: string[]) => ({ ref, versions: names.map((version) => ({ version, endOfLifeDate: FUTURE })) });

  it('PATCHes excludeFromLatest with the end of life, version by version; repeating the batch converges', async () => {
    const prune = new FakePrunePorts();
    const activity = createDeprecateImageVersionsActivity({ galleryLifecycle: prune });
    const expected = { results: [{ version: '1.0.2', status: 'deprecated' }, { version: '1.0.1', status: 'deprecated' }] };
    expect(await activity(batch('1.0.2', '1.0.1'))).toEqual(expected);
    expect(await activity(batch('1.0.2', '1.0.1'))).toEqual(expected);
    expect([...prune.deprecated.entries()]).toEqual([
      ['1.0.2', FUTURE],
      ['1.0.1', FUTURE],
    ]);
  });

  it.each<[Parameters<typeof portError>[0], unknown]>([
    ['NOT_FOUND', { version: '1.0.2', status: 'alreadyGone' }],
    ['FORBIDDEN', { version: '1.0.2', status: 'failed', reason: 'FORBIDDEN: from the fake' }],
    ['ARM_UNAVAILABLE', { version: '1.0.2', status: 'failed', reason: 'ARM_UNAVAILABLE: from the fake' }],
    ['THROTTLED', { version: '1.0.2', status: 'failed', reason: 'THROTTLED: from the fake' }],
  ])('%s on one version → %j, and the rest of the batch goes on', async (code, expected) => {
    const prune = new FakePrunePorts();
    prune.failNext.set('startDeprecateImageVersion', portError(code));
    const out = await createDeprecateImageVersionsActivity({ galleryLifecycle: prune })(batch('1.0.2', '1.0.1'));
    expect(out.results).toEqual([expected, { version: '1.0.1', status: 'deprecated' }]);
  });

  it('a Retry-After longer than the adapter may wait stops the batch (the orchestration waits on a timer, then repeats it)', async () => {
    const prune = new FakePrunePorts();
    prune.failNext.set('startDeprecateImageVersion', new PortError('THROTTLED', 'wait', 120));
    await expect(createDeprecateImageVersionsActivity({ galleryLifecycle: prune })(batch('1.0.2', '1.0.1'))).rejects.toThrow(/^THROTTLED/);
    expect(prune.callsTo('startDeprecateImageVersion')).toHaveLength(1);
  });
});
