import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEventScope, GENERALIZE_EVENT_TYPE, GENERALIZE_OPERATION, parseGeneralizeEvent, type RejectReason } from '../../../../functions/triggers/generalizeEvent';
import { checkVmId } from '../../../../shared/ports/resourceId';
import { CAPTURE_RG, SUBSCRIPTION, vmIdOf } from '../../../support/builders';

const VM = vmIdOf('vm-golden');

/** A delivered ARM event as Event Grid sends it; override per case. */
function anEvent(overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'evt-1',
    topic: '/subscriptions/00000000-0000-4000-8000-000000000001',
    subject: VM,
    eventType: GENERALIZE_EVENT_TYPE,
    eventTime: '2026-11-25T08:00:00Z',
    dataVersion: '2',
    metadataVersion: '1',
    data: { operationName: GENERALIZE_OPERATION, status: 'Succeeded', resourceUri: VM, claims: { name: 'a@b.c' }, ...data },
    ...overrides,
  };
}

describe('parseGeneralizeEvent', () => {
  it.each<[string, unknown]>([
    ['the canonical event', anEvent()],
    ['lower-case resourcegroups in the subject', anEvent({ subject: VM.replace('resourceGroups', 'resourcegroups') })],
    ['operation name in another case', anEvent({}, { operationName: GENERALIZE_OPERATION.toUpperCase() })],
    ['no resourceUri: the subject names the VM', anEvent({}, { resourceUri: undefined })],
    ['no subject: resourceUri names the VM', anEvent({ subject: undefined })],
    ['a CloudEvents delivery (`type`)', { ...anEvent({ eventType: undefined }), type: GENERALIZE_EVENT_TYPE }],
    ['a trailing slash on the ID', anEvent({}, { resourceUri: `${VM}/` })],
  ])('accepts %s', (_case, event) => {
    const parsed = parseGeneralizeEvent(event);
    expect(parsed).toMatchObject({ accepted: true, eventId: 'evt-1' });
    if (parsed.accepted) expect(parsed.vmId.toLowerCase()).toBe(VM.toLowerCase());
  });

  it.each<[string, unknown, RejectReason]>([
    ['null', null, 'not-an-object'],
    ['an array', [anEvent()], 'not-an-object'],
    ['a string', 'hello', 'not-an-object'],
    ['no data', anEvent({ data: undefined }), 'malformed'],
    ['data.operationName a number', anEvent({}, { operationName: 42 }), 'malformed'],
    ['no event type at all', anEvent({ eventType: undefined }), 'malformed'],
    ['a huge operation name', anEvent({}, { operationName: 'x'.repeat(100_000) }), 'malformed'],
    ['a write event', anEvent({ eventType: 'Microsoft.Resources.ResourceWriteSuccess' }), 'foreign-event-type'],
    ['a failed action', anEvent({ eventType: 'Microsoft.Resources.ResourceActionFailure' }), 'foreign-event-type'],
    ['a deallocate', anEvent({}, { operationName: 'Microsoft.Compute/virtualMachines/deallocate/action' }), 'foreign-operation'],
    ['a scale set VM generalize', anEvent({}, { operationName: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/generalize/action' }), 'foreign-operation'],
    ['status Failed', anEvent({}, { status: 'Failed' }), 'operation-not-succeeded'],
    ['no status', anEvent({}, { status: undefined }), 'operation-not-succeeded'],
    ['neither subject nor resourceUri', anEvent({ subject: undefined }, { resourceUri: undefined }), 'no-vm-id'],
    ['a disk ID', anEvent({ subject: VM.replace('virtualMachines', 'disks') }, { resourceUri: VM.replace('virtualMachines', 'disks') }), 'not-a-vm'],
    ['a VM child resource', anEvent({}, { resourceUri: `${VM}/extensions/x` }), 'not-a-vm'],
    ['subject and resourceUri disagree', anEvent({ subject: vmIdOf('other') }), 'subject-mismatch'],
    ['a VM named .', anEvent({ subject: vmIdOf('.') }, { resourceUri: vmIdOf('.') }), 'invalid-name'],
    ['a VM named ..', anEvent({ subject: undefined }, { resourceUri: vmIdOf('..') }), 'invalid-name'],
    ['a NUL in the VM name', anEvent({ subject: undefined }, { resourceUri: vmIdOf('vm\u0000') }), 'invalid-name'],
    ['a ? in the VM name', anEvent({ subject: undefined }, { resourceUri: vmIdOf('vm?x=1') }), 'invalid-name'],
    ['a # in the VM name', anEvent({ subject: undefined }, { resourceUri: vmIdOf('vm#x') }), 'invalid-name'],
    ['a lone surrogate in the VM name', anEvent({ subject: undefined }, { resourceUri: vmIdOf('vm\ud800') }), 'invalid-name'],
    ['a newline in the VM name', anEvent({ subject: vmIdOf('vm\n[forged] line') }, { resourceUri: undefined }), 'invalid-name'],
    ['a resource group ending with a period', anEvent({ subject: undefined }, { resourceUri: vmIdOf('vm', 'rg.') }), 'invalid-name'],
    ['a subscription that is no GUID', anEvent({ subject: undefined }, { resourceUri: vmIdOf('vm', CAPTURE_RG, 'sub') }), 'invalid-name'],
  ])('rejects %s as %s', (_case, event, reason) => {
    expect(parseGeneralizeEvent(event)).toMatchObject({ accepted: false, reason });
  });

  it('quotes what it shows of the event in a detail: a newline never reaches the log raw', () => {
    const parsed = parseGeneralizeEvent(anEvent({ eventType: 'X\n[2026-11-25T08:00:00.000Z] Executed forged' }));
    expect(parsed).toMatchObject({ accepted: false, reason: 'foreign-event-type', detail: 'event type "X\\n[2026-11-25T08:00:00.000Z] Executed forged"' });
    const named = parseGeneralizeEvent(anEvent({ subject: undefined }, { resourceUri: vmIdOf('vm\nforged') }));
    expect(named.accepted ? '' : named.detail).not.toMatch(/\n/);
  });

  it('keeps only a safe event ID for logging, never claims', () => {
    const parsed = parseGeneralizeEvent(anEvent({ id: 'evil\nid <script>' }, { status: 'Failed' }));
    expect(parsed.eventId).toBe('evilidscript');
    expect(JSON.stringify(parsed)).not.toContain('a@b.c');
  });

  it('property: never throws; accepts only the generalize of a VM, with the VM ID it was given', () => {
    const anything = fc.anything({ maxDepth: 3 });
    const mutated = fc.record({
      eventType: fc.oneof(fc.constant(GENERALIZE_EVENT_TYPE), fc.string(), anything),
      operationName: fc.oneof(fc.constant(GENERALIZE_OPERATION), fc.string(), anything),
      status: fc.oneof(fc.constant('Succeeded'), fc.constantFrom('Failed', 'Canceled'), anything),
      resourceUri: fc.oneof(fc.constant(VM), fc.string(), anything),
      subject: fc.oneof(fc.constant(VM), fc.string(), anything),
    });
    fc.assert(
      fc.property(fc.oneof(anything, mutated.map((m) => anEvent({ eventType: m.eventType, subject: m.subject }, { operationName: m.operationName, status: m.status, resourceUri: m.resourceUri }))), (event) => {
        const parsed = parseGeneralizeEvent(event);
        if (!parsed.accepted) return;
        const e = event as { eventType: string; data: { operationName: string; status: string } };
        expect(e.eventType.toLowerCase()).toBe(GENERALIZE_EVENT_TYPE.toLowerCase());
        expect(e.data.operationName.toLowerCase()).toBe(GENERALIZE_OPERATION.toLowerCase());
        expect(e.data.status.toLowerCase()).toBe('succeeded');
        expect(parsed.vmId).toMatch(/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.compute\/virtualmachines\/[^/]+$/i);
        expect(checkVmId(parsed.vmId).ok).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('checkEventScope', () => {
  const SCOPES = [`/subscriptions/${SUBSCRIPTION}/resourceGroups/${CAPTURE_RG}`];
  const OTHER = '00000000-0000-4000-8000-00000000beef';
  const judged = (event: unknown, scopes: readonly string[] = SCOPES) => checkEventScope(parseGeneralizeEvent(event), scopes);

  it.each<[string, unknown, readonly string[]]>([
    ['the subscription topic', anEvent(), SCOPES],
    ['the topic in another case, with a trailing slash', anEvent({ topic: `/SUBSCRIPTIONS/${SUBSCRIPTION.toUpperCase()}/` }), SCOPES],
    ['a CloudEvents source', { ...anEvent({ eventType: undefined, topic: undefined }), type: GENERALIZE_EVENT_TYPE, source: `/subscriptions/${SUBSCRIPTION}` }, SCOPES],
    ['a subscription-wide capture scope', anEvent(), [`/subscriptions/${SUBSCRIPTION}`]],
  ])('accepts %s', (_case, event, scopes) => {
    expect(judged(event, scopes)).toMatchObject({ accepted: true, vmId: VM });
  });

  it.each<[string, unknown, RejectReason]>([
    ['a VM in another resource group', anEvent({ subject: undefined }, { resourceUri: vmIdOf('vm-golden', 'rg-elsewhere') }), 'outside-capture-scopes'],
    ['a VM in another subscription (topic to match)', anEvent({ subject: undefined, topic: `/subscriptions/${OTHER}` }, { resourceUri: vmIdOf('vm-golden', CAPTURE_RG, OTHER) }), 'outside-capture-scopes'],
    ['a resource group whose name only starts like the scope', anEvent({ subject: undefined }, { resourceUri: vmIdOf('vm-golden', `${CAPTURE_RG}-evil`) }), 'outside-capture-scopes'],
    ['a topic of another subscription', anEvent({ topic: `/subscriptions/${OTHER}` }), 'foreign-topic'],
    ['a custom topic inside the subscription', anEvent({ topic: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.EventGrid/topics/t` }), 'foreign-topic'],
    ['no topic', anEvent({ topic: undefined }), 'foreign-topic'],
    ['a topic that is no string', anEvent({ topic: 42 }), 'malformed'],
  ])('refuses %s as %s', (_case, event, reason) => {
    expect(judged(event)).toMatchObject({ accepted: false, reason });
  });

  it('passes a rejection through unchanged', () => {
    const rejected = parseGeneralizeEvent(null);
    expect(checkEventScope(rejected, SCOPES)).toBe(rejected);
  });

  it('property: accepts only a VM inside a capture scope, from that VM\'s own subscription topic', () => {
    const subscription = fc.constantFrom(SUBSCRIPTION, OTHER);
    const group = fc.constantFrom(CAPTURE_RG, 'rg-elsewhere', `${CAPTURE_RG}-x`);
    const topic = fc.oneof(subscription.map((s) => `/subscriptions/${s}`), fc.string({ maxLength: 60 }), fc.constant(undefined));
    fc.assert(
      fc.property(subscription, group, topic, (sub, rg, t) => {
        const vm = vmIdOf('vm-golden', rg, sub);
        const judgedEvent = judged(anEvent({ subject: vm, topic: t }, { resourceUri: vm }));
        if (!judgedEvent.accepted) return;
        expect(sub).toBe(SUBSCRIPTION);
        expect(rg).toBe(CAPTURE_RG);
        expect(t?.toLowerCase().replace(/\/$/, '')).toBe(`/subscriptions/${SUBSCRIPTION}`);
      }),
      { numRuns: 300 },
    );
  });
});
