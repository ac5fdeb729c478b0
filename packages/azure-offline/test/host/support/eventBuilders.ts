/** Event Grid and CloudEvents payloads as Event Grid delivers them to a webhook. */
let sequence = 0;

export interface EventGridEventShape {
  id: string;
  topic: string;
  subject: string;
  eventType: string;
  eventTime: string;
  data: Record<string, unknown>;
  dataVersion: string;
  metadataVersion: string;
}

export function eventGridEvent(overrides: Partial<EventGridEventShape> = {}): EventGridEventShape {
  sequence += 1;
  return {
    id: `event-${sequence}`,
    topic: '/subscriptions/00000000-0000-0000-0000-000000000000',
    subject: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
    eventType: 'Microsoft.Resources.ResourceActionSuccess',
    eventTime: '2026-01-01T00:00:00.000Z',
    data: { operationName: 'Microsoft.Compute/virtualMachines/generalize/action', status: 'Succeeded' },
    dataVersion: '',
    metadataVersion: '1',
    ...overrides,
  };
}

export function validationEvent(validationCode: string): EventGridEventShape {
  return eventGridEvent({
    eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    subject: '',
    data: { validationCode, validationUrl: 'https://rp-westeurope.eventgrid.azure.net/validate' },
  });
}

export function cloudEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    specversion: '1.0',
    id: `cloud-${sequence}`,
    source: '/subscriptions/00000000-0000-0000-0000-000000000000',
    subject: 'vm/cloud',
    type: 'Microsoft.Resources.ResourceActionSuccess',
    time: '2026-01-01T00:00:00.000Z',
    data: { status: 'Succeeded' },
    ...overrides,
  };
}
