import { describe, expect, it } from 'vitest';
import { delivers, eventSubscriptionProblems, readEventSubscriptions, type AcceptedEvents, type EventSubscription, type GridEvent } from './checks/eventGridSubscription';
import { readRepoFile } from './infraFiles';
import { GENERALIZE_EVENT_TYPE, GENERALIZE_OPERATION, VM_RESOURCE_TYPE } from '../../../functions/triggers/generalizeEvent';

/** What the vmGeneralized trigger accepts (docs/architecture.md#the-generalize-event), from the trigger's own constants. */
const ACCEPTED: AcceptedEvents = {
  functionName: 'vmGeneralized',
  eventTypes: [GENERALIZE_EVENT_TYPE],
  operationNames: [GENERALIZE_OPERATION],
  subjectResourceType: VM_RESOURCE_TYPE,
};

const EVENTGRID = 'infra/eventgrid.bicep';

function subscriptionsOf(text: string): EventSubscription[] {
  return readEventSubscriptions({ path: EVENTGRID, text });
}

function theSubscription(text = readRepoFile(EVENTGRID).text): EventSubscription {
  const found = subscriptionsOf(text);
  expect(found).toHaveLength(1);
  const [only] = found;
  if (only === undefined) throw new Error('no event subscription');
  return only;
}

function mutated(from: string, to: string): string {
  const text = readRepoFile(EVENTGRID).text;
  if (!text.includes(from)) throw new Error(`mutation did not apply: ${from}`);
  return text.replace(from, to);
}

const vmId = (resourceGroupsSegment = 'resourceGroups', name = 'golden-01') =>
  `/subscriptions/00000000-0000-0000-0000-000000000000/${resourceGroupsSegment}/rg-vms/providers/Microsoft.Compute/virtualMachines/${name}`;

function armEvent(overrides: Partial<GridEvent> & { operationName?: string } = {}): GridEvent {
  const { operationName = 'Microsoft.Compute/virtualMachines/generalize/action', ...rest } = overrides;
  return {
    eventType: 'Microsoft.Resources.ResourceActionSuccess',
    subject: vmId(),
    data: { operationName, status: 'Succeeded', resourceUri: vmId() },
    ...rest,
  };
}

describe('the vmGeneralized Event Grid subscription', () => {
  it('delivers exactly what the trigger accepts to the vmGeneralized function', () => {
    expect(eventSubscriptionProblems(theSubscription(), ACCEPTED)).toEqual([]);
  });

  it.each<[string, GridEvent, boolean]>([
    ['a VM generalize', armEvent(), true],
    ['a VM generalize whose subject spells resourcegroups in lower case', armEvent({ subject: vmId('resourcegroups') }), true],
    ['a VM generalize with the operation name in another case', armEvent({ operationName: 'MICROSOFT.COMPUTE/virtualMachines/GENERALIZE/ACTION' }), true],
    ['a VM deallocate', armEvent({ operationName: 'Microsoft.Compute/virtualMachines/deallocate/action' }), false],
    ['a VM write', armEvent({ eventType: 'Microsoft.Resources.ResourceWriteSuccess', operationName: 'Microsoft.Compute/virtualMachines/write' }), false],
    ['a failed generalize', armEvent({ eventType: 'Microsoft.Resources.ResourceActionFailure' }), false],
    ['a scale set VM generalize', armEvent({ operationName: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/generalize/action' }), false],
    ['a generalize-named action on another resource type', armEvent({ subject: vmId().replace('virtualMachines', 'disks') }), false],
  ])('%s → delivered: %s', (_name, event, expected) => {
    expect(delivers(theSubscription(), event)).toBe(expected);
  });

  it.each([
    ['another operation name', () => mutated("'Microsoft.Compute/virtualMachines/generalize/action'", "'Microsoft.Compute/virtualMachines/capture/action'"), /data.operationName is/],
    ['an extra event type', () => mutated("'Microsoft.Resources.ResourceActionSuccess'\n", "'Microsoft.Resources.ResourceActionSuccess'\n        'Microsoft.Resources.ResourceWriteSuccess'\n"), /includedEventTypes is/],
    ['no subject filter', () => mutated("key: 'Subject'", "key: 'data.resourceUri'"), /no StringContains filter on Subject/],
    ['a narrowing filter', () => mutated("key: 'Subject'", "key: 'data.status'"), /advanced filter on data.status narrows/],
    ['another function', () => mutated("/functions/vmGeneralized'", "/functions/startCapture'"), /not the vmGeneralized function/],
    ['a subject prefix no resource ID has', () => mutated('advancedFilters: [', "subjectBeginsWith: '/providers/Microsoft.Compute/virtualMachines'\n      advancedFilters: ["), /can never match/],
    ['the CloudEvents schema', () => mutated("eventDeliverySchema: 'EventGridSchema'", "eventDeliverySchema: 'CloudEventSchemaV1_0'"), /delivery schema is CloudEventSchemaV1_0/],
    ['a webhook endpoint', () => mutated("endpointType: 'AzureFunction'", "endpointType: 'WebHook'"), /endpoint type is WebHook/],
  ])('catches %s', (_name, text, expected) => {
    const problems = eventSubscriptionProblems(theSubscription(text()), ACCEPTED);
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });
});
