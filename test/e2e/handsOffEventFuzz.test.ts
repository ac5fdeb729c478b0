import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vmIdHash } from '../../shared/domain/hashing';
import { GENERALIZE_EVENT_TYPE, GENERALIZE_OPERATION } from '../../functions/triggers/generalizeEvent';
import type { SeedDocument } from '@image-autopilot/azure-offline';
import { CAPTURE_RG, SUBSCRIPTION, vmIdOf } from '../support/builders';
import type { Stack } from '../support/stack';
import { instancesWithPrefix, startHandsOffStack, versionNames } from './handsOffSupport';

/** A real, tagged, generalized VM: foreign events naming it must never capture it. */
const TAGGED = vmIdOf('vm-golden');
const VMS: NonNullable<SeedDocument['virtualMachines']> = [
  { resourceGroup: CAPTURE_RG, name: 'vm-golden', location: 'westeurope', tags: { 'autopilot-capture-to': 'ubuntu-web' }, powerState: 'stopped', osState: 'generalized', deprovisioned: true },
];

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ seed: { virtualMachines: VMS } });
});
afterAll(async () => {
  await stack?.stop();
});

function envelope(eventType: unknown, subject: unknown, data: unknown): Record<string, unknown> {
  return { id: 'fuzz', topic: `/subscriptions/${SUBSCRIPTION}`, subject, eventType, eventTime: '2026-11-25T08:00:00Z', dataVersion: '2', metadataVersion: '1', data };
}

/** Events about the tagged VM that are NOT a successful generalize: each must be acknowledged and ignored. */
const foreign = fc.oneof(
  fc.constantFrom('Microsoft.Resources.ResourceWriteSuccess', 'Microsoft.Resources.ResourceActionFailure', 'Microsoft.Resources.ResourceDeleteSuccess').map((type) =>
    envelope(type, TAGGED, { operationName: GENERALIZE_OPERATION, status: 'Succeeded', resourceUri: TAGGED }),
  ),
  fc.constantFrom('Microsoft.Compute/virtualMachines/deallocate/action', 'Microsoft.Compute/virtualMachines/write', 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines/generalize/action').map((op) =>
    envelope(GENERALIZE_EVENT_TYPE, TAGGED, { operationName: op, status: 'Succeeded', resourceUri: TAGGED }),
  ),
  fc.constantFrom('Failed', 'Canceled', '', 'succeeded-ish').map((status) => envelope(GENERALIZE_EVENT_TYPE, TAGGED, { operationName: GENERALIZE_OPERATION, status, resourceUri: TAGGED })),
);

/** Shapes that are wrong: missing or mistyped fields, arbitrary JSON, huge strings. */
const malformed = fc.oneof(
  fc.dictionary(fc.string(), fc.anything({ maxDepth: 2 })),
  fc.record({ eventType: fc.anything({ maxDepth: 1 }), subject: fc.anything({ maxDepth: 1 }), data: fc.anything({ maxDepth: 2 }) }).map((e): Record<string, unknown> => e),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => envelope(GENERALIZE_EVENT_TYPE, TAGGED, { operationName: 'x'.repeat(n), status: 'Succeeded', resourceUri: TAGGED })),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => envelope(GENERALIZE_EVENT_TYPE, `${TAGGED}${'/x'.repeat(n)}`, { operationName: GENERALIZE_OPERATION, status: 'Succeeded' })),
);

/**
 * Generalize events for the tagged VM that must be refused from the event alone: a topic that is not its
 * subscription's, or a name Azure could never have, a VM outside the capture scopes.
 */
const forged = fc.oneof(
  fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom(`/subscriptions/${SUBSCRIPTION}/resourceGroups/${CAPTURE_RG}`, '/subscriptions/00000000-0000-4000-8000-00000000beef')).map(
    (topic): Record<string, unknown> => ({ ...envelope(GENERALIZE_EVENT_TYPE, TAGGED, { operationName: GENERALIZE_OPERATION, status: 'Succeeded', resourceUri: TAGGED }), topic }),
  ),
  fc.oneof(fc.constantFrom('.', '..', 'vm\u0000', 'vm?x', 'vm#x', 'vm\ud800', 'vm\nx', 'vm-', `${'v'.repeat(65)}`), fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((n) => !/^[a-z0-9][a-z0-9_.-]*[a-z0-9_]$|^[a-z0-9]$/i.test(n) && !n.includes('/'))).map((name) => {
    const vm = vmIdOf(name);
    return envelope(GENERALIZE_EVENT_TYPE, vm, { operationName: GENERALIZE_OPERATION, status: 'Succeeded', resourceUri: vm });
  }),
  fc.constantFrom('rg-elsewhere', `${CAPTURE_RG}-evil`).map((rg) => {
    const vm = vmIdOf('vm-golden', rg);
    return envelope(GENERALIZE_EVENT_TYPE, vm, { operationName: GENERALIZE_OPERATION, status: 'Succeeded', resourceUri: vm });
  }),
);

/** Good events for VMs that do not exist: accepted, started, and ignored by the orchestration (nothing captured). */
const goodForMissingVm = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/).map((name) => {
  const vm = vmIdOf(`fuzz-${name}`);
  return envelope(GENERALIZE_EVENT_TYPE, vm, { operationName: GENERALIZE_OPERATION, status: 'Succeeded', resourceUri: vm });
});

async function post(body: unknown): Promise<number> {
  const res = await fetch(`${stack.url}/runtime/webhooks/eventgrid?functionName=vmGeneralized`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('the vmGeneralized webhook under generated events', () => {
  it('never answers 500 and never captures for a foreign, forged or malformed event', async () => {
    const accepted = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(foreign, forged, malformed, goodForMissingVm), { minLength: 1, maxLength: 6 }), async (batch) => {
        for (const event of batch) {
          const resourceUri = (event['data'] as { resourceUri?: unknown } | undefined)?.resourceUri;
          if (event['id'] === 'fuzz' && typeof resourceUri === 'string' && resourceUri.includes('/fuzz-')) accepted.add(`capture-${vmIdHash(resourceUri)}`);
        }
        const status = await post(batch);
        expect(status).toBe(202);
      }),
      { numRuns: 60 },
    );
    await stack.backend.engine.quiescent();

    const captures = await instancesWithPrefix(stack, 'capture-');
    // A capture run's ID is `capture-<vm hash>-<time>-<6 hex>`: the VM it captured is the part before the tail.
    const vmsCaptured = captures.map((c) => c.instanceId.replace(/-\d{14}-[0-9a-f]{6}$/, ''));
    expect(captures.every((c) => /^capture-[0-9a-f]{16}-\d{14}-[0-9a-f]{6}$/.test(c.instanceId)), captures.map((c) => c.instanceId).join(' ')).toBe(true);
    expect(vmsCaptured.filter((id) => !accepted.has(id))).toEqual([]);
    // Every well-formed generalize did start its capture (the property is not passing by starting nothing).
    expect([...new Set(vmsCaptured)].sort()).toEqual([...accepted].sort());
    expect(accepted.size).toBeGreaterThan(0);
    expect(vmsCaptured).not.toContain(`capture-${vmIdHash(TAGGED)}`);
    for (const capture of captures) expect(capture.output).toMatchObject({ ignored: true, reason: expect.stringMatching(/^vm-not-found/) });
    expect(await versionNames(stack, 'ubuntu-web')).toEqual([]);
    const logs = stack.host.invocations('vmGeneralized').flatMap((r) => r.logs).join('\n');
    expect(logs).not.toContain('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');
  });
});
