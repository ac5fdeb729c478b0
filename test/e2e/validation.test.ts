import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import type { ImageSpec, ValidationSpec } from '../../shared/domain/catalog';
import { EVENT_TYPES } from '../../shared/domain/notifications/eventTypes';
import type { NotificationEvent } from '../../shared/ports/notificationPort';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImageNamed, SUBSCRIPTION } from '../support/builders';
import { getInstance, getRunRecord, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { expectDeterministicReplay } from '../support/replay';
import { startStack, type Stack } from '../support/stack';

const NE_SUBNET = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-ne/subnets/test`;
const check = { name: 'boots', type: 'shell' as const, inline: ['systemctl is-system-running --wait'], timeoutSeconds: 300 };
const gated = (name: string, validation: Partial<ValidationSpec>): ImageSpec =>
  anImageNamed(name, { validation: { subnets: {}, steps: [check], timeoutMinutes: 30, approval: 'none', approvalTimeoutHours: 72, ...validation } });

// One stack for the file; each scenario builds its own image.
const images = {
  pass: gated('img-val-pass', { regions: ['westeurope', 'northeurope'], subnets: { northeurope: NE_SUBNET } }),
  // The age rule (maxAgeDays 180) would keep a 10-day-old version: only its validation failure makes it prunable.
  fail: { ...gated('img-val-fail', { steps: [check, { ...check, name: 'nginx-answers', inline: ['curl -fsS localhost # e2e-validation-breaks'] }] }), retention: { ...anImageNamed('x').retention, maxAgeDays: 180 } },
  approve: gated('img-val-approve', { approval: 'required' }),
  reject: gated('img-val-reject', { approval: 'required' }),
  timeout: gated('img-val-timeout', { approval: 'required', approvalTimeoutHours: 1 }),
  cancel: gated('img-val-cancel', { approval: 'required' }),
};
const TOPIC = 'validation';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog: aCatalog({ images: Object.values(images) }), topic: TOPIC });
});
afterAll(async () => {
  await stack?.stop();
});

const vmsOf = async (runId: string) =>
  (await armReader(stack).compute.listVms(SUBSCRIPTION, stack.catalog.staging.resourceGroup)).filter((vm) => vm.tags['autopilot-instance'] === runId);
const versionsOf = (image: string) => armReader(stack).gallery.listImageVersions(imageRef(stack, image));

async function startBuild(image: string): Promise<string> {
  const started = await postJson(`${stack.url}/api/images/${image}/builds`, {});
  expect(started.status).toBe(202);
  return runIdOf(started);
}

/** Steps the clock until the run shows `step` (or ends, which fails the test). */
async function runUntilStep(runId: string, step: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    await stack.backend.engine.quiescent();
    const status = await getInstance(stack.url, runId);
    if ((status?.customStatus as { step?: string } | undefined)?.step === step) return;
    if (status && ['Completed', 'Failed', 'Terminated'].includes(status.runtimeStatus)) throw new Error(`${runId} ended ${status.runtimeStatus} before ${step}: ${JSON.stringify(status.output)}`);
    stack.clock.advance(15);
  }
  throw new Error(`${runId} never reached ${step}`);
}

async function eventsOf(runId: string): Promise<NotificationEvent[]> {
  const { body } = await stack.control('GET', `topics/${TOPIC}/events`);
  return (body as { events: NotificationEvent[] }).events.filter((e) => (e.data as { instanceId?: string }).instanceId === runId);
}

describe('the validation gate', () => {
  it('boots a test VM from the new version in each validation region, passes, promotes, and leaves no test VM', async () => {
    await stack.clearArmRequests();
    const runId = await startBuild(images.pass.name);
    const progress: { step?: string; percent?: number }[] = [];
    const status = await runUntilDone(stack, runId, 15, 400, (s) => progress.push((s.customStatus ?? {}) as { step?: string; percent?: number }));
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    // The build VM goes before the gate: its cleanup must not show a later percent than validating and promoting.
    const percents = progress.map((p) => p.percent ?? 0);
    expect(percents, progress.map((p) => `${p.step}:${p.percent}`).join(' ')).toEqual([...percents].sort((a, b) => a - b));
    expect(progress.map((p) => p.step)).toEqual(expect.arrayContaining(['cleanup', 'validating', 'promote', 'done']));
    const output = status.output as BuildOutput;
    expect(output).toMatchObject({ promoted: true, status: 'Succeeded' });
    expect(output.validation?.regions.map((r) => [r.region, r.passed, r.steps.map((s) => s.step)])).toEqual([
      ['westeurope', true, ['boots']],
      ['northeurope', true, ['boots']],
    ]);
    const [version] = await versionsOf(images.pass.name);
    expect(version).toMatchObject({ name: output.version, excludeFromLatest: false });
    expect(version?.tags['autopilot-validation']).toBeUndefined();
    // The test VMs were created from exactly this version, one per region, and are gone with the build VM.
    const vmPuts = (await stack.armRequests()).filter((r) => r.method === 'PUT' && /virtualMachines\/iab[0-9a-f]{8}-t\d$/i.test(r.path));
    expect(vmPuts.map((r) => r.path.slice(-3)).sort()).toEqual(['-t1', '-t2']);
    expect(await vmsOf(runId)).toEqual([]);
    await expectDeterministicReplay(stack, runId, output);
    await expectDeterministicReplay(stack, `validate-${output.buildId}-northeurope`, output.validation?.regions[1]);
  });

  it('a failing check: never latest, tagged failed, run Failed with VALIDATION_FAILED naming step and region, Build.ValidationFailed, no VM left', async () => {
    await stack.control('POST', 'runcommand-failures', { scriptContains: 'e2e-validation-breaks', exitCode: 7, output: 'curl: (7) Failed to connect' });
    const runId = await startBuild(images.fail.name);
    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/VALIDATION_FAILED: validation step "nginx-answers" failed in westeurope: ended Failed \(exit code 7\): curl: \(7\) Failed to connect/);
    const [version] = await versionsOf(images.fail.name);
    // Merged into the version's tags: its provenance stays.
    expect(version).toMatchObject({ excludeFromLatest: true, tags: expect.objectContaining({ 'autopilot-validation': 'failed', 'autopilot-build': expect.stringMatching(/^[0-9a-f]{8}$/), owner: 'platform' }) });
    expect(await vmsOf(runId)).toEqual([]);
    const record = await getRunRecord(stack.url, runId);
    expect(record.body).toMatchObject({ status: 'Failed', error: { code: 'VALIDATION_FAILED', step: 'validating', message: expect.stringContaining('westeurope') } });
    const events = await eventsOf(runId);
    expect(events.map((e) => e.type)).toContain(EVENT_TYPES.buildValidationFailed);
    expect(events.find((e) => e.type === EVENT_TYPES.buildValidationFailed)?.data).toMatchObject({
      version: version?.name,
      failures: [{ region: 'westeurope', step: 'nginx-answers', message: expect.stringContaining('exit code 7') }],
    });
    expect(events.map((e) => e.type)).not.toContain(EVENT_TYPES.versionPromoted);

    // Prune reads the verdict from the tag: once minAgeDays (7) old the version goes, though it is the newest.
    const young = await postJson(`${stack.url}/api/images/${images.fail.name}/prune?dryRun=true`);
    expect(young.body).toMatchObject({ items: [{ version: version?.name, action: 'keep', reason: 'too-young' }] });
    stack.clock.advance(8 * 86_400);
    const old = await postJson(`${stack.url}/api/images/${images.fail.name}/prune?dryRun=true`);
    expect(old.body).toMatchObject({ items: [{ version: version?.name, action: 'deprecate', reason: 'validation-failed' }] });
  });

  it('approval: 409 RUN_NOT_WAITING before the wait, 400 for a bad body, 404 for an unknown run; approve promotes', async () => {
    const runId = await startBuild(images.approve.name);
    expect(await postJson(`${stack.url}/api/runs/${runId}/approve`, {})).toMatchObject({ status: 409, body: { error: { code: 'RUN_NOT_WAITING' } } });
    await runUntilStep(runId, 'awaiting-approval');
    expect(await vmsOf(runId)).toEqual([]);
    expect(await postJson(`${stack.url}/api/runs/${runId}/approve`, { comment: 42 })).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED', details: [{ path: 'comment' }] } } });
    expect(await postJson(`${stack.url}/api/runs/${runId}/approve`, { approver: 'me' })).toMatchObject({ status: 400 });
    expect(await postJson(`${stack.url}/api/runs/build-nope-20261125080000-abcdef/approve`, {})).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const [waiting] = await versionsOf(images.approve.name);
    expect(waiting?.excludeFromLatest).toBe(true);

    expect(await postJson(`${stack.url}/api/runs/${runId}/approve`, { comment: 'looks good' })).toMatchObject({ status: 202, body: { runId } });
    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    expect(status.output).toMatchObject({ promoted: true, validation: { approval: { decision: 'approve', comment: 'looks good' } } });
    expect((await versionsOf(images.approve.name))[0]?.excludeFromLatest).toBe(false);
    await expectDeterministicReplay(stack, runId, status.output);
    expect(await postJson(`${stack.url}/api/runs/${runId}/reject`, {})).toMatchObject({ status: 409, body: { error: { code: 'RUN_NOT_WAITING' } } });
  });

  it('reject: not promoted, tagged rejected, run Failed with APPROVAL_REJECTED and the comment', async () => {
    const runId = await startBuild(images.reject.name);
    await runUntilStep(runId, 'awaiting-approval');
    expect(await postJson(`${stack.url}/api/runs/${runId}/reject`, { comment: 'CVE-2026-1234 not fixed' })).toMatchObject({ status: 202 });
    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/APPROVAL_REJECTED: version 1\.0\.0 was rejected: CVE-2026-1234 not fixed/);
    expect((await versionsOf(images.reject.name))[0]).toMatchObject({ excludeFromLatest: true, tags: expect.objectContaining({ 'autopilot-validation': 'rejected' }) });
  });

  it('no decision within approvalTimeoutHours: not promoted, run Failed with APPROVAL_TIMED_OUT', async () => {
    const runId = await startBuild(images.timeout.name);
    await runUntilStep(runId, 'awaiting-approval');
    stack.clock.advance(3600);
    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/APPROVAL_TIMED_OUT: version 1\.0\.0 was not approved within 1 hours/);
    expect((await versionsOf(images.timeout.name))[0]).toMatchObject({ excludeFromLatest: true, tags: expect.objectContaining({ 'autopilot-validation': 'timed-out' }) });
  });

  it('cancelling a run that waits for approval ends it Cancelled, its version deleted, with no VM left', async () => {
    const runId = await startBuild(images.cancel.name);
    await runUntilStep(runId, 'awaiting-approval');
    expect(await postJson(`${stack.url}/api/runs/${runId}/cancel`, {})).toMatchObject({ status: 202 });
    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/CANCELLED: cancelled during step awaiting-approval/);
    expect((await getRunRecord(stack.url, runId)).body).toMatchObject({ status: 'Cancelled' });
    expect((await getRunRecord(stack.url, runId)).body).toMatchObject({ error: { code: 'CANCELLED', step: 'awaiting-approval' } });
    expect(await versionsOf(images.cancel.name)).toEqual([]);
    expect(await vmsOf(runId)).toEqual([]);
  });
});
