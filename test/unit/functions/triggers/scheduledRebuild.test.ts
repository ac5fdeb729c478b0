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
  it('starts rebuild-run-<minute> with every image, the running builds and the staging group to sweep, reading no ARM', async () => {
    const { arm, app, client, context } = setup();
    arm.addVm(aVm({ id: vmIdOf('iabdeadbeef', STAGING_RG), name: 'iabdeadbeef', tags: { 'autopilot-build': 'deadbeef', 'autopilot-instance': 'build-gone' } }));
    client.setStatus('build-ubuntu-api', df.OrchestrationRuntimeStatus.Running);
    const result = await createScheduledRebuildHandler(app, at)(timer, client, context);
    expect(result).toEqual({ instanceId: 'rebuild-run-202611250300', started: true });
    // The sweep runs in the orchestration (with retries and history): the trigger leaves the orphan to it.
    expect(arm.calls).toEqual([]);
    const [started] = client.started;
    expect(started?.name).toBe('rebuildRun');
    const input = started?.input as RebuildRunInput;
    expect(input.builds.map((b) => [b.image.name, b.trigger])).toEqual([['ubuntu-web', 'schedule'], ['ubuntu-api', 'schedule']]);
    expect(input).toMatchObject({ maxConcurrentBuilds: 3, runningBuilds: ['ubuntu-api'], sweep: { subscriptionId: SUBSCRIPTION, resourceGroup: STAGING_RG } });
  });

  it('counts a run of the same minute that is already running as success', async () => {
    const { app, client, context } = setup();
    client.setStatus('rebuild-run-202611250300', df.OrchestrationRuntimeStatus.Running);
    const result = await createScheduledRebuildHandler(app, at)(timer, client, context);
    expect(result.started).toBe(false);
    expect(client.started).toEqual([]);
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
