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
import { holdLock, runIdPattern } from '../../../support/runFixtures';

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
    expect(result.started).toEqual(client.started.map((s) => s.instanceId));
    expect(result.started).toEqual([expect.stringMatching(runIdPattern('prune', 'ubuntu-web')), expect.stringMatching(runIdPattern('prune', 'windows-base'))]);
    expect(result).toMatchObject({ alreadyRunning: [], failed: [] });
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

  it('records each prune run as scheduled and holds each image\'s prune lock with it', async () => {
    const { app, client, context } = setup([applied, dryRun]);
    const result = await createScheduledPruneHandler(app)(aTimer(), client, context);
    const [web, windows] = result.started;
    expect(await app.ports.runs.get(web ?? '')).toEqual({ runId: web, kind: 'prune', image: 'ubuntu-web', trigger: 'schedule', status: 'Pending', createdAt: expect.any(String) });
    expect(await app.ports.runs.get(windows ?? '')).toMatchObject({ kind: 'prune', image: 'windows-base', trigger: 'schedule', status: 'Pending' });
    expect(await app.ports.runs.readLock('prune-ubuntu-web')).toBe(web);
    expect(await app.ports.runs.readLock('prune-windows-base')).toBe(windows);
    expect(client.started.map((s) => (s.input as PruneInput & { runLock: string }).runLock)).toEqual(['prune-ubuntu-web', 'prune-windows-base']);
  });

  it('a prune already running counts as success', async () => {
    const { app, client, context } = setup([applied, dryRun]);
    const running = await holdLock(app.ports.runs, client, { kind: 'prune', subject: 'ubuntu-web', image: 'ubuntu-web', lockKey: 'prune-ubuntu-web', runtimeStatus: df.OrchestrationRuntimeStatus.Running, name: 'pruneImage' });
    const result = await createScheduledPruneHandler(app)(aTimer(), client, context);
    expect(client.started.map((s) => s.instanceId)).toEqual([expect.stringMatching(runIdPattern('prune', 'windows-base'))]);
    expect(result).toEqual({ started: [client.started[0]?.instanceId], alreadyRunning: [running], failed: [] });
    expect(await app.ports.runs.readLock('prune-ubuntu-web')).toBe(running);
  });

  it('a prune lock whose holder ended is taken over and the old record settled', async () => {
    const { app, client, context } = setup([applied]);
    const old = await holdLock(app.ports.runs, client, { kind: 'prune', subject: 'ubuntu-web', image: 'ubuntu-web', lockKey: 'prune-ubuntu-web', runtimeStatus: df.OrchestrationRuntimeStatus.Completed, output: { image: 'ubuntu-web', dryRun: false } });
    const result = await createScheduledPruneHandler(app)(aTimer(), client, context);
    expect(result.started).toEqual([expect.stringMatching(runIdPattern('prune', 'ubuntu-web'))]);
    expect(result.started).not.toContain(old);
    expect(await app.ports.runs.get(old)).toMatchObject({ status: 'Completed', endedAt: '2026-03-01T08:00:00.000Z' });
    expect(await app.ports.runs.readLock('prune-ubuntu-web')).toBe(result.started[0]);
  });

  it('when the shared usage read fails, each prune still starts and reads for itself', async () => {
    const { app, prune, client, context } = setup([applied]);
    prune.failNext.set('listImageUsers', new Error('ARM_UNAVAILABLE: list VMs'));
    const result = await createScheduledPruneHandler(app)(aTimer(), client, context);
    expect(result.started).toEqual([expect.stringMatching(runIdPattern('prune', 'ubuntu-web'))]);
    expect((client.started[0]?.input as PruneInput).snapshot).toBeUndefined();
  });

  it('one image failing to start does not stop the others; the invocation then fails naming it, its run Failed and its lock freed', async () => {
    const { app, client, context } = setup([applied, dryRun]);
    const startNew = client.startNew.bind(client);
    const refused: string[] = [];
    client.startNew = async (name, options) => {
      if (options?.instanceId?.startsWith('prune-ubuntu-web-') === true) {
        refused.push(options.instanceId);
        throw new Error('host unavailable');
      }
      return startNew(name, options);
    };
    await expect(createScheduledPruneHandler(app)(aTimer(), client, context)).rejects.toThrow(/could not start ubuntu-web \(host unavailable\)/);
    expect(client.started.map((s) => s.instanceId)).toEqual([expect.stringMatching(runIdPattern('prune', 'windows-base'))]);
    expect(refused).toEqual([expect.stringMatching(runIdPattern('prune', 'ubuntu-web'))]);
    expect(await app.ports.runs.get(refused[0] ?? '')).toMatchObject({ status: 'Failed', error: { code: 'START_FAILED', message: 'START_FAILED: host unavailable' } });
    // Nothing runs under the key, so the next schedule (or a request) starts right away.
    expect(await app.ports.runs.readLock('prune-ubuntu-web')).toBeNull();
  });
});
