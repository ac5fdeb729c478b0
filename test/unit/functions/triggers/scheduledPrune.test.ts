import { InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import { aRunStore } from '../../../support/runStore';
import type { PruneInput } from '../../../../functions/contracts';
import type { PruneApp } from '../../../../functions/triggers/pruneInputs';
import { createScheduledPruneHandler } from '../../../../functions/triggers/scheduledPrune';
import { aCatalog, anAppConfig, anImage, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { aUser, DEFINITION_ID, FakePruneClient, FakePrunePorts } from '../../../support/fakePrune';

const USAGE_SCOPE = `/subscriptions/${SUBSCRIPTION}`;

/** An image whose catalog lets prunes deprecate and delete (the built-in default only plans). */
const anApplyImage = () => anImage({ retention: { ...anImage().retention, mode: 'apply' } });

function setup(images = [anApplyImage()]) {
  const arm = new FakeArm();
  const prune = new FakePrunePorts();
  const app: PruneApp = { config: anAppConfig(), catalog: aCatalog({ images }), ports: { usage: prune, galleryLifecycle: prune, runs: aRunStore() } };
  return { arm, prune, app, client: new FakePruneClient(), context: new InvocationContext({ functionName: 'test' }) };
}

const aTimer = (): Timer => ({ isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } });

describe('scheduledPrune', () => {
  const applied = anImage({ name: 'ubuntu-web', retention: { ...anImage().retention, mode: 'apply' } });
  const dryRun = anImage({ name: 'windows-base' });

  it('applies mode:apply images, dry-runs the others, with usage read once for all', async () => {
    const { app, prune, client, context } = setup([applied, dryRun]);
    const user = aUser({ imageId: `${DEFINITION_ID}/versions/1.0.0` });
    prune.addUsers(USAGE_SCOPE, user);
    const result = await createScheduledPruneHandler(app)(aTimer(), client, context);
    expect(result).toEqual({ started: ['prune-ubuntu-web', 'prune-windows-base'], alreadyRunning: [], failed: [] });
    const inputs = client.started.map((s) => s.input as PruneInput);
    expect(inputs.map((i) => [i.image, i.dryRun, i.trigger])).toEqual([
      ['ubuntu-web', false, 'schedule'],
      ['windows-base', true, 'schedule'],
    ]);
    expect(inputs[0]?.snapshot).toEqual({ galleryShared: false, users: [user] });
    expect(inputs[1]?.snapshot).toEqual({ galleryShared: false, users: [] });
    expect(prune.callsTo('listImageUsers')).toEqual([[USAGE_SCOPE]]);
    expect(prune.callsTo('getGallerySharing')).toHaveLength(1);
  });

  it('an instance already running counts as success', async () => {
    const { app, client, context } = setup([applied, dryRun]);
    client.setStatus('prune-ubuntu-web', df.OrchestrationRuntimeStatus.Running);
    const result = await createScheduledPruneHandler(app)(aTimer(), client, context);
    expect(result).toEqual({ started: ['prune-windows-base'], alreadyRunning: ['prune-ubuntu-web'], failed: [] });
  });

  it('when the shared usage read fails, each prune still starts and reads for itself', async () => {
    const { app, prune, client, context } = setup([applied]);
    prune.failNext.set('listImageUsers', new Error('ARM_UNAVAILABLE: list VMs'));
    const result = await createScheduledPruneHandler(app)(aTimer(), client, context);
    expect(result.started).toEqual(['prune-ubuntu-web']);
    expect((client.started[0]?.input as PruneInput).snapshot).toBeUndefined();
  });

  it('one image failing to start does not stop the others; the invocation then fails naming it', async () => {
    const { app, client, context } = setup([applied, dryRun]);
    const startNew = client.startNew.bind(client);
    client.startNew = async (name, options) => {
      if (options?.instanceId === 'prune-ubuntu-web') throw new Error('host unavailable');
      return startNew(name, options);
    };
    await expect(createScheduledPruneHandler(app)(aTimer(), client, context)).rejects.toThrow(/could not start ubuntu-web \(host unavailable\)/);
    expect(client.started.map((s) => s.instanceId)).toEqual(['prune-windows-base']);
  });
});
