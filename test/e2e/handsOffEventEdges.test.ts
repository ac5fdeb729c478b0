/**
 * The vmGeneralized webhook against events that must cost nothing: forged ones (a VM outside the capture scopes, a
 * topic that is not the VM's subscription), ones naming a VM Azure could never have, and values that try to forge
 * log lines. Checked through the local host and the emulated ARM: instances, ARM's request log, the host's output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERALIZE_EVENT_TYPE, GENERALIZE_OPERATION } from '../../functions/triggers/generalizeEvent';
import type { SeedDocument } from '@image-autopilot/azure-offline';
import { CAPTURE_RG, SUBSCRIPTION, vmIdOf } from '../support/builders';
import { runUntilDone } from '../support/durableApi';
import type { Stack } from '../support/stack';
import { captureRunOf, instancesWithPrefix, startHandsOffStack, versionNames } from './handsOffSupport';

const OTHER_SUBSCRIPTION = '00000000-0000-4000-8000-00000000beef';
/** What a forged host line would look like; a real one carries the wall clock, never 1999. */
const FORGED = "[1999-01-01T00:00:00.000Z] Executed 'Functions.vmGeneralized' (Succeeded, Id=forged)";

const capturable = { location: 'westeurope', powerState: 'stopped', osState: 'generalized', deprovisioned: true } as const;
const VMS: NonNullable<SeedDocument['virtualMachines']> = [
  { resourceGroup: CAPTURE_RG, name: 'vm-golden', tags: { 'autopilot-capture-to': 'ubuntu-web' }, ...capturable },
  { resourceGroup: 'rg-elsewhere', name: 'vm-outside', tags: { 'autopilot-capture-to': 'ubuntu-web' }, ...capturable },
  { resourceGroup: CAPTURE_RG, name: 'vm-injected', tags: { 'autopilot-capture-to': `nope\n${FORGED}` }, ...capturable },
];

const lines: string[] = [];
let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ seed: { resourceGroups: [{ name: 'rg-elsewhere' }], virtualMachines: VMS }, log: (line) => lines.push(line) });
});
afterAll(async () => {
  await stack?.stop();
});

/** `topic: null` leaves the topic out. */
function generalizeEvent(id: string, vm: string, topic: string | null = `/subscriptions/${SUBSCRIPTION}`, eventType = GENERALIZE_EVENT_TYPE) {
  return {
    id,
    ...(topic === null ? {} : { topic }),
    subject: vm,
    eventType,
    eventTime: '2026-11-25T08:00:00.000Z',
    dataVersion: '2',
    metadataVersion: '1',
    data: { operationName: GENERALIZE_OPERATION, status: 'Succeeded', resourceUri: vm },
  };
}

async function postEvents(body: unknown): Promise<number> {
  const res = await fetch(`${stack.url}/runtime/webhooks/eventgrid?functionName=vmGeneralized`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

/** The host's output as a terminal or a log shipper splits it. */
function physicalLines(): string[] {
  return lines.join('\n').split(/\r\n|\n|\r|\u2028|\u2029/);
}

function vmGeneralizedLogs(): string[] {
  return stack.host.invocations('vmGeneralized').flatMap((r) => r.logs);
}

/** Posts the events, lets everything settle, and says what they cost. */
async function deliverAndCount(events: unknown[]): Promise<{ armRequests: number; captureInstances: string[] }> {
  const before = new Set((await instancesWithPrefix(stack, 'capture-')).map((i) => i.instanceId));
  await stack.clearArmRequests();
  expect(await postEvents(events)).toBe(202);
  await stack.backend.engine.quiescent();
  const after = (await instancesWithPrefix(stack, 'capture-')).map((i) => i.instanceId).filter((id) => !before.has(id));
  return { armRequests: (await stack.armRequests()).length, captureInstances: after };
}

describe('forged generalize events are refused from the event alone, before any ARM call', () => {
  it.each([
    ['a tagged VM outside the capture scopes', generalizeEvent('f1', vmIdOf('vm-outside', 'rg-elsewhere')), 'outside-capture-scopes'],
    ['a VM of another subscription, with its topic', generalizeEvent('f2', vmIdOf('vm-golden', CAPTURE_RG, OTHER_SUBSCRIPTION), `/subscriptions/${OTHER_SUBSCRIPTION}`), 'outside-capture-scopes'],
    ['the tagged VM in scope, from another subscription\'s topic', generalizeEvent('f3', vmIdOf('vm-golden'), `/subscriptions/${OTHER_SUBSCRIPTION}`), 'foreign-topic'],
    ['the tagged VM in scope, from a custom topic', generalizeEvent('f4', vmIdOf('vm-golden'), `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-x/providers/Microsoft.EventGrid/topics/forged`), 'foreign-topic'],
    ['the tagged VM in scope, with no topic', generalizeEvent('f5', vmIdOf('vm-golden'), null), 'foreign-topic'],
  ])('%s: acknowledged, logged, no instance, no ARM request', async (_case, event, reason) => {
    const cost = await deliverAndCount([event]);
    expect(cost).toEqual({ armRequests: 0, captureInstances: [] });
    expect(vmGeneralizedLogs().filter((l) => l.includes(`event "${event.id}" ignored: ${reason}`))).toHaveLength(1);
    expect(await versionNames(stack, 'ubuntu-web')).toEqual([]);
  });
});

describe('entries of a batch that are not events', () => {
  it('reach the function, which logs each as not-an-object (a partial event as malformed) and acknowledges the batch', async () => {
    const before = vmGeneralizedLogs().length;
    const cost = await deliverAndCount([42, 'str', null, { id: 'z' }]);
    expect(cost).toEqual({ armRequests: 0, captureInstances: [] });
    const logged = vmGeneralizedLogs().slice(before);
    expect(logged.filter((l) => l.includes('ignored: not-an-object'))).toHaveLength(3);
    expect(logged.filter((l) => l.includes('event "z" ignored: malformed'))).toHaveLength(1);
  });
});

describe('a VM ID whose name Azure could never have never reaches ARM', () => {
  const BAD_VM_IDS = [
    ['named .', vmIdOf('.')],
    ['named ..', vmIdOf('..')],
    ['with a NUL', vmIdOf('vm\u0000golden')],
    ['with ?', vmIdOf('vm-golden?api-version=2020-01-01')],
    ['with #', vmIdOf('vm-golden#x')],
    ['with a lone surrogate', vmIdOf('vm\ud800')],
    ['with a newline', vmIdOf('vm\ngolden')],
    ['in a resource group named ..', vmIdOf('vm-golden', '..')],
    ['in a subscription that is no GUID', vmIdOf('vm-golden', CAPTURE_RG, 'not-a-guid')],
  ] as const;

  it.each(BAD_VM_IDS.map(([name, vm], i) => [name, vm, `bad-${i}`] as const))('%s: acknowledged, logged as invalid-name, no instance, no ARM request', async (_name, vm, id) => {
    const cost = await deliverAndCount([generalizeEvent(id, vm)]);
    expect(cost).toEqual({ armRequests: 0, captureInstances: [] });
    const logged = vmGeneralizedLogs().filter((l) => l.includes(`event "${id}" ignored: invalid-name`));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/\(azure\.\w+\.\w+\)/);
  });
});

describe('outside values never forge a log line', () => {
  it('a tag value and an event type carrying a newline and a fake host line are logged quoted, on their own line', async () => {
    const injected = vmIdOf('vm-injected');
    expect(await postEvents([generalizeEvent('i1', injected), generalizeEvent('i2', injected, `/subscriptions/${SUBSCRIPTION}`, `Foreign\n${FORGED}`)])).toBe(202);
    const done = await runUntilDone(stack, await captureRunOf(stack, injected));
    expect(done.output).toMatchObject({ ignored: true, reason: expect.stringMatching(/^unknown-image: /) });
    await stack.backend.engine.quiescent();

    expect(physicalLines().filter((line) => line.startsWith('[1999-'))).toEqual([]);
    // Not vacuous: both values were logged, escaped (and cut).
    const text = lines.join('\n');
    expect(text).toContain('autopilot-capture-to="nope\\n[1999-01-01T00:00:00.000Z] Executed');
    expect(text).toContain('event type "Foreign\\n[1999-01-01T00:00:00.000Z] Executed');
    for (const line of [...vmGeneralizedLogs(), ...stack.host.invocations('captureFromEvent').flatMap((r) => r.logs)]) {
      expect(line).not.toMatch(/[\r\n\u2028\u2029]/);
    }
  });
});
