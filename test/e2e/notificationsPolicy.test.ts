/**
 * Policy.FindingsDetected through the local host and the emulated topic. The app's composition root does not wire
 * the policy feature yet (it needs the RBAC port), so, like test/e2e/policyScan.test.ts, this file is a small
 * composition root: the same adapters, registerPolicy and registerNotifications the app calls, loaded by the
 * local host through a one-line entry. Everything after that is the product's code path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../functions/notifications/eventTypes';
import type { PolicyReport } from '../../shared/domain/policy/finding';
import type { NotificationEvent } from '../../shared/ports/notificationPort';
import { createClock } from '../emulator/clock';
import { startArmEmulator, type ArmEmulator } from '../emulator/arm';
import { installCoreApiShim } from '../emulator/host/coreApiShim';
import { startLocalHost, type LocalHost } from '../emulator/host';
import { durableBackendFactory, type LocalDurableBackend } from '../emulator/host/durable';
import { aCatalog, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../support/builders';
import { httpsJson, seedFor } from '../support/stack';

const ROOT = join(__dirname, '../..');
const SUB_SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const TOPIC = 'policy';
const ENTRY_HOOK = '__imageAutopilotNotifyPolicyE2eEntry';
const APP = '11111111-1111-4111-8111-111111111111';
const OWNER_USER = '22222222-2222-4222-8222-000000000009';

// ARM accepts any bearer; the topic gets the app's own credential path (managed identity, below).
const armCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'emulator-accepts-any-bearer', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const catalog = aCatalog({ policy: { ...aCatalog().policy, leastPrivilege: { ...aCatalog().policy.leastPrivilege, appPrincipalId: APP } } });
const clock = createClock({ mode: 'virtual', start: new Date('2026-11-25T05:00:00.000Z') });

let arm: ArmEmulator;
let host: LocalHost;
let backend: LocalDurableBackend | undefined;
let dir: string;

beforeAll(async () => {
  // Before anything loads @azure/functions: registrations must reach the local host's core API.
  installCoreApiShim();
  arm = await startArmEmulator({ clock, seed: seedFor(catalog) });
  process.env.IDENTITY_ENDPOINT = arm.identityEndpoint;
  process.env.IDENTITY_HEADER = arm.identityHeader;
  const { ManagedIdentityCredential } = await import('@azure/identity');
  const { registerPolicy } = await import('../../functions/register/policy');
  const { registerNotifications } = await import('../../functions/register/notifications');
  const { createGalleryInventoryAdapter } = await import('../../shared/adapters/azure/rbacGalleryInventory');
  const { createComputeClientFactory } = await import('../../shared/adapters/azure/createAzureAdapters');
  const { createRbacAdapter } = await import('../../shared/adapters/azure/rbac');
  const { createNotificationAdapter } = await import('../../shared/adapters/azure/notificationAdapter');
  const clientFor = createComputeClientFactory({ armEndpoint: arm.url, caPem: arm.caPem, clientId: undefined, defaultSubscriptionId: SUBSCRIPTION, maxRetryAfterSeconds: 30 }, armCredential);
  const ports = {
    galleryInventory: createGalleryInventoryAdapter(clientFor),
    rbac: createRbacAdapter({ armEndpoint: arm.url, caPem: arm.caPem, subscriptionId: SUBSCRIPTION }, armCredential),
    notifications: createNotificationAdapter({ endpoint: `${arm.url}/_emulator/topics/${TOPIC}/api/events`, caPem: arm.caPem }, new ManagedIdentityCredential()),
  };
  (globalThis as Record<string, unknown>)[ENTRY_HOOK] = () => {
    registerPolicy({ catalog, ports });
    registerNotifications({ ports });
  };
  dir = mkdtempSync(join(tmpdir(), 'notify-policy-e2e-'));
  const entry = join(dir, 'entry.js');
  writeFileSync(entry, `globalThis.${ENTRY_HOOK}();\n`);
  const factory = durableBackendFactory();
  host = await startLocalHost({
    appEntry: entry,
    hostJsonPath: join(ROOT, 'host.json'),
    settings: { TASK_HUB_NAME: 'notifypolicye2e', POLICY_SCAN_SCHEDULE: '0 0 5 * * *' },
    port: 0,
    clock,
    timers: false,
    durable: (deps) => (backend = factory(deps)),
    log: () => undefined,
  });
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await arm?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function scan(): Promise<{ id: string; report: PolicyReport }> {
  // Scan IDs carry the time to the second: step past the previous one.
  clock.advance(60);
  const started = await fetch(`${host.url}/api/policy/scans`, { method: 'POST' });
  expect(started.status).toBe(202);
  const { id } = (await started.json()) as { id: string };
  for (let step = 0; step < 200; step++) {
    await backend?.engine.quiescent();
    const status = (await (await fetch(`${host.url}/runtime/webhooks/durabletask/instances/${id}`)).json()) as { runtimeStatus: string; output: unknown };
    if (status.runtimeStatus === 'Completed') return { id, report: status.output as PolicyReport };
    expect(['Failed', 'Terminated']).not.toContain(status.runtimeStatus);
    clock.advance(15);
  }
  throw new Error(`${id} did not finish`);
}

async function eventsOf(instanceId: string): Promise<NotificationEvent[]> {
  const { body } = await httpsJson(`${arm.url}/_emulator/topics/${TOPIC}/events`, arm.caPem, 'GET');
  return (body as { events: NotificationEvent[] }).events.filter((e) => e.data.instanceId === instanceId);
}

describe('policy findings at the emulated topic', () => {
  // One scenario, because the seeded over-privilege changes what every later scan sees.
  it('a clean scan publishes nothing; a scan with high findings publishes Policy.FindingsDetected listing them', async () => {
    const clean = await scan();
    expect(clean.report.findings).toEqual([]);
    expect(await eventsOf(clean.id)).toEqual([]);

    const seeded = await httpsJson(`${arm.url}/_emulator/seed`, arm.caPem, 'POST', {
      defaults: { subscriptionId: SUBSCRIPTION, location: catalog.gallery.location },
      roleAssignments: [{ scope: SUB_SCOPE, roleName: 'Owner', principalId: OWNER_USER, principalType: 'User' }],
    });
    expect(seeded.status, JSON.stringify(seeded.body)).toBeLessThan(300);
    const dirty = await scan();
    const high = dirty.report.findings.filter((f) => f.severity === 'high');
    expect(high.length).toBeGreaterThan(0);

    const [event, ...more] = await eventsOf(dirty.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      type: EVENT_TYPES.policyFindings,
      source: `${SUB_SCOPE}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}`,
      subject: `policy/scans/${dirty.id}`,
      data: { image: null, version: null, instanceId: dirty.id, threshold: 'high', summary: dirty.report.summary, aboveThreshold: high.length },
    });
    expect((event?.data.findings as { id: string }[]).map((f) => f.id)).toEqual(high.map((f) => f.id));
  });
});
