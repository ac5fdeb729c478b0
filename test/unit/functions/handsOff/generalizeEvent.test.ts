import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENERALIZE_EVENT_TYPE, GENERALIZE_OPERATION, parseGeneralizeEvent, type RejectReason } from '../../../../functions/triggers/generalizeEvent';
import { vmIdOf } from '../../../support/builders';

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
  ])('rejects %s as %s', (_case, event, reason) => {
    expect(parseGeneralizeEvent(event)).toMatchObject({ accepted: false, reason });
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
      }),
      { numRuns: 500 },
    );
  });
});
