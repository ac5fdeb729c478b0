/**
 * Acceptance: the vmGeneralized Event Grid trigger through the host's webhook (issue 7 "Done when"): subscription
 * validation, at-least-once delivery of a generalize event → exactly one version, foreign or malformed events
 * acknowledged without a capture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCapturableVm, aGeneralizeEvent, aSeed, aValidationEvent, Client, RUN_ID, type EventGridEvent } from './support/kit';
import { buildOutput, shape } from './support/contract';
import { vmHash } from './support/hash';
import { startLocal, type LocalStack, type JsonResponse } from './support/localStack';

const IMAGE = 'ubuntu-2204-docker';
const WEBHOOK = '/runtime/webhooks/eventgrid?functionName=vmGeneralized';
/** docs/architecture.md#the-generalize-event: events carry caller claims and are never logged raw. */
const CLAIM_MARKER = 'acceptance-claim-marker@contoso.example';

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

function deliver(events: unknown, type = 'Notification'): Promise<JsonResponse> {
  return client.api('POST', WEBHOOK, { body: events, headers: { 'aeg-event-type': type } });
}

async function versionsTaggedWith(hash: string): Promise<string[]> {
  const names: string[] = [];
  for await (const v of client.compute.galleryImageVersions.listByGalleryImage(client.galleryRg, client.galleryName, IMAGE)) {
    if (v.tags?.['autopilot-source-vm'] === hash && v.name) names.push(v.name);
  }
  return names;
}

/**
 * The capture run the events about a VM started: an event capture's ID is `capture-<VM hash>-<time>-<hex>`, and the
 * VM's capture lock lets at most one run exist however often the event is delivered.
 */
async function theCaptureRunOf(vmId: string): Promise<string> {
  const prefix = `capture-${vmHash(vmId)}`;
  const started = await client.untilInstanceStarted(prefix);
  expect(started.instanceId).toMatch(RUN_ID.of('capture', vmHash(vmId)));
  expect((await client.instances({ instanceIdPrefix: prefix })).map((i) => i.instanceId)).toEqual([started.instanceId]);
  return started.instanceId;
}

describe('vmGeneralized webhook', () => {
  it('answers the subscription validation handshake', async () => {
    const res = await deliver([aValidationEvent('ACC-VALIDATION-1234')], 'SubscriptionValidation');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ validationResponse: 'ACC-VALIDATION-1234' });
  });

  it('turns a generalize event delivered three times (and twice in one batch) into exactly one captured version', async () => {
    await client.seed(aSeed(client, [aCapturableVm('vm-acc-event', IMAGE, { powerState: 'stopped' })]));
    const vmId = client.vmId('rg-captures', 'vm-acc-event');
    const event = aGeneralizeEvent(vmId, {}, { claims: { upn: CLAIM_MARKER } });
    for (let i = 0; i < 3; i++) expect((await deliver([event])).status).toBeLessThan(300);
    expect((await deliver([event, { ...event, id: `${event.id}-redelivered` }])).status).toBeLessThan(300);

    const instanceId = await theCaptureRunOf(vmId);
    const done = await client.untilInstanceTerminal(instanceId);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    expect(await theCaptureRunOf(vmId)).toBe(instanceId);
    const output = shape(buildOutput, done.output);
    expect(output).toMatchObject({ image: IMAGE, trigger: 'event', promoted: true });
    expect(await versionsTaggedWith(vmHash(vmId))).toEqual([output.version]);

    // A late redelivery after the capture finished publishes nothing new, and leaves the capture's record as it was.
    expect((await deliver([event])).status).toBeLessThan(300);
    const late = await client.untilInstanceTerminal(instanceId);
    expect(late.runtimeStatus).toBe('Completed');
    expect(late.output).toEqual(done.output);
    expect(await theCaptureRunOf(vmId)).toBe(instanceId);
    expect(await versionsTaggedWith(vmHash(vmId))).toEqual([output.version]);
    expect(stack.output()).not.toContain(CLAIM_MARKER);
  });

  it('captures for the one good event of a batch mixing good, foreign and malformed events (2xx)', async () => {
    await client.seed(aSeed(client, [aCapturableVm('vm-acc-mixed', IMAGE)]));
    const vmId = client.vmId('rg-captures', 'vm-acc-mixed');
    const good = aGeneralizeEvent(vmId);
    const batch: unknown[] = [{ id: 'broken' }, aGeneralizeEvent(vmId, { eventType: 'Microsoft.Resources.ResourceWriteSuccess' }), good, { ...good, data: null }, good];
    const res = await deliver(batch);
    expect(res.status, res.text).toBeGreaterThanOrEqual(200);
    expect(res.status, res.text).toBeLessThan(300);
    const instanceId = await theCaptureRunOf(vmId);
    const done = await client.untilInstanceTerminal(instanceId);
    expect(done.runtimeStatus).toBe('Completed');
    expect(await theCaptureRunOf(vmId)).toBe(instanceId);
    expect(await versionsTaggedWith(vmHash(vmId))).toEqual([shape(buildOutput, done.output).version]);
  });

  it('accepts a lower-cased resource ID in the event as the same VM', async () => {
    await client.seed(aSeed(client, [aCapturableVm('vm-acc-event-case', IMAGE)]));
    const vmId = client.vmId('rg-captures', 'vm-acc-event-case');
    const lower = vmId.toLowerCase();
    expect((await deliver([aGeneralizeEvent(lower, { subject: lower }, { resourceUri: lower })])).status).toBeLessThan(300);
    const done = await client.untilInstanceTerminal(await theCaptureRunOf(vmId));
    expect(done.runtimeStatus).toBe('Completed');
    expect(await versionsTaggedWith(vmHash(vmId))).toHaveLength(1);
  });

  it('publishes nothing for a generalize event about an untagged VM or a tagged VM outside the capture scopes', async () => {
    await client.seed(
      aSeed(client, [
        aCapturableVm('vm-acc-untagged', IMAGE, { tags: {} }),
        aCapturableVm('vm-acc-out-of-scope', IMAGE, { resourceGroup: 'rg-workloads' }),
      ]),
    );
    const before = await client.versionNames(IMAGE);
    const untagged = client.vmId('rg-captures', 'vm-acc-untagged');
    expect((await deliver([aGeneralizeEvent(untagged)])).status).toBeLessThan(300);
    const ignored = await client.untilInstanceTerminal(await theCaptureRunOf(untagged));
    expect(ignored.runtimeStatus).toBe('Completed');
    expect(JSON.stringify(ignored.output)).toMatch(/tag/i);

    // Outside the scopes is known from the event alone: refused before any ARM read, and no instance at all.
    const outside = client.vmId('rg-workloads', 'vm-acc-out-of-scope');
    await client.control('DELETE', 'requests');
    expect((await deliver([aGeneralizeEvent(outside)])).status).toBeLessThan(300);
    await client.advance(600);
    expect(await client.instances({ instanceIdPrefix: `capture-${vmHash(outside)}` })).toEqual([]);
    expect(await client.armRequests()).toEqual([]);
    expect(stack.output()).toMatch(/vmGeneralized: event "[^"]+" ignored: outside-capture-scopes/);
    expect(await client.versionNames(IMAGE)).toEqual(before);
  });

  it('acknowledges a redelivery after a capture that deleted its VM as already captured: the record is never replaced', async () => {
    await client.seed(aSeed(client, [aCapturableVm('vm-acc-disposable', IMAGE, { tags: { 'autopilot-capture-to': IMAGE, 'autopilot-delete-after-capture': 'true' } })]));
    const vmId = client.vmId('rg-captures', 'vm-acc-disposable');
    const event = aGeneralizeEvent(vmId);
    expect((await deliver([event])).status).toBeLessThan(300);
    const instanceId = await theCaptureRunOf(vmId);
    const done = await client.untilInstanceTerminal(instanceId);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    expect(shape(buildOutput, done.output)).toMatchObject({ image: IMAGE, promoted: true, trigger: 'event' });
    expect(await client.vmNames('rg-captures')).not.toContain('vm-acc-disposable');

    expect((await deliver([event])).status).toBeLessThan(300);
    await client.advance(600);
    const after = await client.untilInstanceTerminal(instanceId);
    expect(after.output).toEqual(done.output);
    expect(after.lastUpdatedTime).toBe(done.lastUpdatedTime);
    expect(await theCaptureRunOf(vmId)).toBe(instanceId);
    expect(stack.output()).toContain(`already captured by ${instanceId}`);
  });

  it('acknowledges foreign and malformed events (2xx) and never captures for them', async () => {
    // A capturable VM as subject: a wrongly accepted event would capture it.
    await client.seed(aSeed(client, [aCapturableVm('vm-acc-foreign', IMAGE)]));
    const vmId = client.vmId('rg-captures', 'vm-acc-foreign');
    const claims = { claims: { upn: CLAIM_MARKER } };
    const foreign: unknown[] = [
      aGeneralizeEvent(vmId, { eventType: 'Microsoft.Resources.ResourceWriteSuccess' }, claims),
      aGeneralizeEvent(vmId, { eventType: 'Microsoft.Resources.ResourceActionFailure' }, { status: 'Failed' }),
      aGeneralizeEvent(vmId, {}, { operationName: 'Microsoft.Compute/virtualMachines/deallocate/action' }),
      aGeneralizeEvent(vmId, {}, { status: 'Failed' }),
      aGeneralizeEvent(vmId, { subject: '' }, { resourceUri: `/subscriptions/${client.subscriptionId}/resourceGroups/rg-captures/providers/Microsoft.Storage/storageAccounts/x` }),
      aGeneralizeEvent(vmId, {}, { operationName: 42, ...claims }),
      { ...aGeneralizeEvent(vmId), data: 'not an object' },
      { id: 'only-an-id' },
      {},
    ];
    for (const event of foreign) {
      const res = await deliver([event]);
      expect(res.status, `${JSON.stringify(event).slice(0, 200)} → ${res.status} ${res.text}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${JSON.stringify(event).slice(0, 200)} → ${res.status} ${res.text}`).toBeLessThan(300);
    }
    const mixed = await deliver(foreign as EventGridEvent[]);
    expect(mixed.status).toBeLessThan(300);
    await client.advance(600);
    expect(await client.instances({ instanceIdPrefix: `capture-${vmHash(vmId)}` })).toEqual([]);
    expect(await versionsTaggedWith(vmHash(vmId))).toEqual([]);
    expect(stack.output()).not.toContain(CLAIM_MARKER);
  });
});
