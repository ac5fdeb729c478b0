import * as df from 'durable-functions';
import { InvocationContext, type Timer } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { aRunStore } from '../../../support/runStore';
import type { RebuildRunInput } from '../../../../functions/contracts';
import { createScheduledRebuildHandler } from '../../../../functions/triggers/scheduledRebuild';
import type { PipelineApp } from '../../../../functions/triggers/buildInputs';
import { aCatalog, anAppConfig, anImage, anImageNamed, aVm, STAGING_RG, SUBSCRIPTION, vmIdOf } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { FakeDurableClient } from '../../../support/fakeDurableClient';
import { holdLock, runIdPattern } from '../../../support/runFixtures';

function setup() {
  const arm = new FakeArm();
  const app: PipelineApp = {
    config: anAppConfig({ maxConcurrentBuilds: 3 }),
    catalog: aCatalog({ images: [anImage(), anImageNamed('ubuntu-api')] }),
    ports: { gallery: arm, compute: arm, runs: aRunStore() },
  };
  return { arm, app, client: new FakeDurableClient(), context: new InvocationContext({ functionName: 'test' }) };
}

const timer: Timer = { isPastDue: false, schedule: { adjustForDST: true }, scheduleStatus: { last: '', next: '', lastUpdated: '' } };
const at = () => new Date('2026-11-25T03:00:42Z');

describe('scheduledRebuild', () => {
  it('starts a rebuild-run-<time>-<hex> run with every image, the running builds and the staging group to sweep, reading no ARM', async () => {
    const { arm, app, client, context } = setup();
    arm.addVm(aVm({ id: vmIdOf('iabdeadbeef', STAGING_RG), name: 'iabdeadbeef', tags: { 'autopilot-build': 'deadbeef', 'autopilot-instance': 'build-gone' } }));
    await holdLock(app.ports.runs, client, { kind: 'build', subject: 'ubuntu-api', image: 'ubuntu-api', lockKey: 'build-ubuntu-api', runtimeStatus: df.OrchestrationRuntimeStatus.Running });
    // A finished holder of ubuntu-web's lock is no running build.
    await holdLock(app.ports.runs, client, { kind: 'build', subject: 'ubuntu-web', image: 'ubuntu-web', lockKey: 'build-ubuntu-web', runtimeStatus: df.OrchestrationRuntimeStatus.Completed });
    const result = await createScheduledRebuildHandler(app, at)(timer, client, context);
    const [started] = client.started;
    // The ID carries the handler's clock, to the second.
    expect(started?.instanceId).toMatch(/^rebuild-run-20261125030042-[0-9a-f]{6}$/);
    expect(result).toEqual({ instanceId: started?.instanceId, started: true });
    // The sweep runs in the orchestration (with retries and history): the trigger leaves the orphan to it.
    expect(arm.calls).toEqual([]);
    expect(started?.name).toBe('rebuildRun');
    const input = started?.input as RebuildRunInput & { runLock: string };
    expect(input.builds.map((b) => [b.image.name, b.trigger])).toEqual([['ubuntu-web', 'schedule'], ['ubuntu-api', 'schedule']]);
    expect(input).toMatchObject({ maxConcurrentBuilds: 3, runningBuilds: ['ubuntu-api'], sweep: { subscriptionId: SUBSCRIPTION, resourceGroup: STAGING_RG }, runLock: 'rebuild-run' });
  });

  it('records the run as scheduled, created on the handler\'s clock, and holds the rebuild-run lock with it', async () => {
    const { app, client, context } = setup();
    const { instanceId } = await createScheduledRebuildHandler(app, at)(timer, client, context);
    expect(await app.ports.runs.get(instanceId)).toEqual({ runId: instanceId, kind: 'rebuild-run', trigger: 'schedule', status: 'Pending', createdAt: '2026-11-25T03:00:42.000Z' });
    expect(await app.ports.runs.readLock('rebuild-run')).toBe(instanceId);
  });

  it('counts a rebuild run that is already running as success, naming it', async () => {
    const { app, client, context } = setup();
    const running = await holdLock(app.ports.runs, client, { kind: 'rebuild-run', lockKey: 'rebuild-run', runtimeStatus: df.OrchestrationRuntimeStatus.Running, name: 'rebuildRun' });
    expect(running).toMatch(runIdPattern('rebuild-run'));
    const result = await createScheduledRebuildHandler(app, at)(timer, client, context);
    expect(result).toEqual({ instanceId: running, started: false });
    expect(client.started).toEqual([]);
    expect(await app.ports.runs.readLock('rebuild-run')).toBe(running);
  });

  it('takes over the lock of a rebuild run that failed, and settles its record', async () => {
    const { app, client, context } = setup();
    const old = await holdLock(app.ports.runs, client, { kind: 'rebuild-run', lockKey: 'rebuild-run', runtimeStatus: df.OrchestrationRuntimeStatus.Failed, output: 'SWEEP_FAILED: x', name: 'rebuildRun' });
    const result = await createScheduledRebuildHandler(app, at)(timer, client, context);
    expect(result.started).toBe(true);
    expect(result.instanceId).not.toBe(old);
    expect(await app.ports.runs.readLock('rebuild-run')).toBe(result.instanceId);
    expect(await app.ports.runs.get(old)).toMatchObject({ status: 'Failed', error: { code: 'SWEEP_FAILED' } });
  });

  it.each([
    ['block', 2, 'the policy report of 2026-11-25T02:00:00Z has 2 high finding(s) and the catalog says enforce: block'],
    ['block', 0, undefined],
    ['report', 2, undefined],
  ] as const)('enforce %s with %i high findings in the latest report → policyBlock %s', async (enforce, high, expected) => {
    const { app, client, context } = setup();
    const gated: PipelineApp = { ...app, catalog: { ...app.catalog, policy: { ...app.catalog.policy, enforce } } };
    client.setStatus('policy-scan-20261125020000', df.OrchestrationRuntimeStatus.Completed, {
      name: 'policyScan',
      createdTime: new Date('2026-11-25T02:00:00Z'),
      output: { generatedAt: '2026-11-25T02:00:00Z', summary: { high, medium: 0, low: 0 }, findings: [] },
    });
    await createScheduledRebuildHandler(gated, at)(timer, client, context);
    expect((client.started[0]?.input as RebuildRunInput).policyBlock).toBe(expected);
  });

  it('holds builds when enforce: block cannot read the latest report, and still starts the run to record it', async () => {
    const { app, client, context } = setup();
    const gated: PipelineApp = { ...app, catalog: { ...app.catalog, policy: { ...app.catalog.policy, enforce: 'block' } } };
    client.listingError = new Error('DurableClient error: HTTP 503');
    const result = await createScheduledRebuildHandler(gated, at)(timer, client, context);
    expect(result.started).toBe(true);
    expect((client.started[0]?.input as RebuildRunInput).policyBlock).toMatch(/^the latest policy report could not be read \(DurableClient error: HTTP 503\)/);
  });
});
