/**
 * Acceptance: POST /api/captures (issue 6 "Done when", docs/http-api.md#capture-a-vm): a generalized tagged VM yields exactly one
 * version however often it is asked for; bad requests are 400 with the reason and create nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCapturableVm, aSeed, CAPTURE_RG, Client, OUTSIDE_RG, RUN_ID, type SeedVm } from './support/kit';
import { buildOutput, conflictBody, errorBody, shape, startedBody } from './support/contract';
import { vmHash } from './support/hash';
import { startLocal, type LocalStack, type JsonResponse } from './support/localStack';

const DOCKER = 'ubuntu-2204-docker';
const BASE = 'ubuntu-2204-base';
/** The committed local seed's VM: stopped (not deallocated), generalized, tagged for capture and deletion after it. */
const SEEDED_CANDIDATE = { resourceGroup: CAPTURE_RG, name: 'vm-golden-candidate', image: BASE };

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function versionsTaggedWith(image: string, hash: string): Promise<string[]> {
  const names: string[] = [];
  for await (const v of client.compute.galleryImageVersions.listByGalleryImage(client.galleryRg, client.galleryName, image)) {
    if (v.tags?.['autopilot-source-vm'] === hash && v.name) names.push(v.name);
  }
  return names;
}

async function seedVm(vm: SeedVm): Promise<string> {
  await client.seed(aSeed(client, [vm]));
  return client.vmId(vm.resourceGroup, vm.name);
}

const capture = (body: unknown): Promise<JsonResponse> => client.api('POST', '/api/captures', { body });

/** The run a capture answer names: a 202's own run, or the running run a 409 names (the VM's capture lock). */
function namedRun(res: JsonResponse): { runId: string; statusUrl: string } {
  expect([202, 409], res.text).toContain(res.status);
  const named = res.status === 202 ? shape(startedBody, res.body) : shape(conflictBody, res.body);
  const status = res.status === 202 ? shape(startedBody, res.body) : shape(conflictBody, res.body).instance;
  expect(status.id).toBe(named.runId);
  expect(res.headers.location).toBe(status.statusQueryGetUri);
  return { runId: named.runId, statusUrl: status.statusQueryGetUri };
}

/** The captures recorded for a VM (a capture run's subject is its VM ID). */
async function captureRunsOf(vmId: string): Promise<string[]> {
  return (await client.runs({ kind: 'capture' })).filter((r) => r.subject?.toLowerCase() === vmId.toLowerCase()).map((r) => r.runId);
}

describe('POST /api/captures', () => {
  it('captures a generalized tagged VM into exactly one version, however often it is asked (concurrently and again later)', async () => {
    const vmId = await seedVm(aCapturableVm('vm-acc-capture', DOCKER));
    const before = await client.versionNames(DOCKER);

    // One run takes the VM's capture lock; the others are answered 409 naming it.
    const answers = await Promise.all([capture({ vmId }), capture({ vmId }), capture({ vmId })]);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    const { runId, statusUrl } = namedRun(answers.find((a) => a.status === 202) as JsonResponse);
    expect(runId).toMatch(RUN_ID.of('capture', DOCKER));
    for (const a of answers) expect(namedRun(a).runId).toBe(runId);
    for (const a of answers.filter((x) => x.status === 409)) expect(shape(conflictBody, a.body).error.code).toBe('CAPTURE_RUNNING');

    const done = await client.untilTerminal(statusUrl);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    const output = shape(buildOutput, done.output);
    expect(output).toMatchObject({ image: DOCKER, promoted: true, trigger: 'http' });
    expect(await versionsTaggedWith(DOCKER, vmHash(vmId))).toEqual([output.version]);

    // Asked again once finished: 202 with the capture's own record, which stays as it was; nothing new is published.
    const again = await capture({ vmId });
    expect(again.status, again.text).toBe(202);
    expect(namedRun(again).runId).toBe(runId);
    expect(again.body).toMatchObject({ runtimeStatus: 'Completed', output: done.output });
    expect(await captureRunsOf(vmId)).toEqual([runId]);
    expect((await client.untilTerminal(statusUrl)).output).toEqual(done.output);
    expect((await client.versionNames(DOCKER)).filter((v) => !before.includes(v))).toEqual([output.version]);
    const version = await client.compute.galleryImageVersions.get(client.galleryRg, client.galleryName, DOCKER, output.version);
    expect(version.publishingProfile?.excludeFromLatest).toBe(false);
  });

  it('captures the seeded candidate VM once when asked three times in a row, then deletes it as tagged', async () => {
    const vmId = client.vmId(SEEDED_CANDIDATE.resourceGroup, SEEDED_CANDIDATE.name);
    const answers: JsonResponse[] = [];
    for (let i = 0; i < 3; i++) answers.push(await capture({ vmId }));
    expect(answers[0]?.status).toBe(202);
    const { runId, statusUrl } = namedRun(answers[0] as JsonResponse);
    for (const a of answers) expect(namedRun(a).runId).toBe(runId);
    const done = await client.untilTerminal(statusUrl);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    const output = shape(buildOutput, done.output);
    expect(output.image).toBe(SEEDED_CANDIDATE.image);
    expect(await versionsTaggedWith(SEEDED_CANDIDATE.image, vmHash(vmId))).toEqual([output.version]);
    expect(await client.vmNames(SEEDED_CANDIDATE.resourceGroup)).not.toContain(SEEDED_CANDIDATE.name);

    // Asked for again with the VM gone: the record answers, and a missing VM never costs more than that.
    await client.control('DELETE', 'requests');
    const again = await capture({ vmId });
    expect(again.status, again.text).toBe(202);
    expect(again.body).toMatchObject({ runId, output: done.output });
    expect(await client.armRequests()).toEqual([]);
    expect(await captureRunsOf(vmId)).toEqual([runId]);
  });

  it('refuses a VM that does not exist with 400 after exactly one ARM read', async () => {
    await client.control('DELETE', 'requests');
    const res = await capture({ vmId: client.vmId(CAPTURE_RG, 'vm-acc-never-existed') });
    expect(res.status, res.text).toBe(400);
    expect(shape(errorBody, res.body).error.details.map((d) => d.path)).toEqual(['vmId']);
    expect((await client.armRequests()).map((r) => r.method)).toEqual(['GET']);
  });

  it('refuses an image that does not match the VM tag with 400 on path image, and creates nothing', async () => {
    const vmId = await seedVm(aCapturableVm('vm-acc-mismatch', DOCKER));
    const instancesBefore = await client.instances({ instanceIdPrefix: 'capture-' });
    await client.control('DELETE', 'requests');
    const res = await capture({ vmId, image: BASE });
    expect(res.status, res.text).toBe(400);
    const body = shape(errorBody, res.body);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d) => d.path)).toContain('image');
    expect((await client.armRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await client.instances({ instanceIdPrefix: 'capture-' })).toHaveLength(instancesBefore.length);
    expect(await captureRunsOf(vmId)).toEqual([]);
  });

  it.each([
    { why: 'outside the capture scopes', vm: aCapturableVm('vm-acc-outside', DOCKER, { resourceGroup: OUTSIDE_RG }), reason: /scope/i },
    { why: 'not generalized', vm: aCapturableVm('vm-acc-specialized', DOCKER, { osState: 'specialized', powerState: 'running', deprovisioned: false }), reason: /generali[sz]ed/i },
    { why: 'of the wrong OS type', vm: aCapturableVm('vm-acc-windows', DOCKER, { osType: 'Windows' }), reason: /windows|linux|os/i },
  ])('refuses a VM $why with 400 and the reason, and creates nothing', async ({ vm, reason }) => {
    const vmId = await seedVm(vm);
    const before = await client.versionNames(DOCKER);
    await client.control('DELETE', 'requests');
    const res = await capture({ vmId });
    expect(res.status, res.text).toBe(400);
    const body = shape(errorBody, res.body);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toMatch(reason);
    expect((await client.armRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await client.versionNames(DOCKER)).toEqual(before);
  });

  it.each([
    { why: 'malformed JSON', rawBody: '{"vmId":' },
    { why: 'a missing vmId', rawBody: '{}' },
    { why: 'a vmId of the wrong type', rawBody: '{"vmId": 7}' },
    { why: 'a vmId that is no VM resource ID', rawBody: '{"vmId": "not-an-id"}' },
    { why: 'a VM named .', rawBody: '{"vmId": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-captures/providers/Microsoft.Compute/virtualMachines/."}' },
    { why: 'a VM name with a newline', rawBody: '{"vmId": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-captures/providers/Microsoft.Compute/virtualMachines/vm\\nx"}' },
    { why: 'a VM name with a lone surrogate', rawBody: '{"vmId": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-captures/providers/Microsoft.Compute/virtualMachines/vm\\ud800"}' },
  ])('answers 400 VALIDATION_FAILED for $why without touching ARM', async ({ rawBody }) => {
    await client.control('DELETE', 'requests');
    const res = await client.api('POST', '/api/captures', { rawBody, headers: { 'content-type': 'application/json' } });
    expect(res.status, res.text).toBe(400);
    const body = shape(errorBody, res.body);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.length).toBeGreaterThan(0);
    expect(await client.armRequests()).toEqual([]);
  });

  it('answers 404 NOT_FOUND for an image not in the catalog', async () => {
    const vmId = await seedVm(aCapturableVm('vm-acc-unknown-image', DOCKER, { tags: {} }));
    const res = await capture({ vmId, image: 'no-such-image' });
    expect(res.status, res.text).toBe(404);
    expect(shape(errorBody, res.body).error.code).toBe('NOT_FOUND');
  });
});
