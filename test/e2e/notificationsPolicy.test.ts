/**
 * Policy.FindingsDetected through the compiled app in the local host and the emulated topic. As in
 * test/e2e/notifications.test.ts, the ARM emulator starts first so NOTIFY_TOPIC_ENDPOINT can name its topic.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../shared/domain/notifications/eventTypes';
import type { PolicyReport } from '../../shared/domain/policy/finding';
import type { NotificationEvent } from '../../shared/ports/notificationPort';
import { createClock, startArmEmulator, type ArmEmulator, type LocalDurableBackend, type LocalHost } from '@image-autopilot/azure-offline';
import { aCatalog, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../support/builders';
import { appSettings, httpsJson, seedFor, startAppHost, writeCatalog } from '../support/stack';
import { apiFetch } from '../support/apiAuth';

const SUB_SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const TOPIC = 'policy';
const APP = '11111111-1111-4111-8111-111111111111';
const OWNER_USER = '22222222-2222-4222-8222-000000000009';

const catalog = aCatalog({ policy: { ...aCatalog().policy, leastPrivilege: { ...aCatalog().policy.leastPrivilege, appPrincipalId: APP } } });
const clock = createClock({ mode: 'virtual', start: new Date('2026-11-25T05:00:00.000Z') });

let arm: ArmEmulator;
let host: LocalHost;
let backend: LocalDurableBackend;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'notify-policy-e2e-'));
  arm = await startArmEmulator({ clock, seed: seedFor(catalog) });
  const settings = appSettings(arm, writeCatalog(dir, catalog), { NOTIFY_TOPIC_ENDPOINT: `${arm.url}/_emulator/topics/${TOPIC}/api/events` });
  ({ host, backend } = await startAppHost({ clock, settings, log: () => undefined }));
}, 60_000);

afterAll(async () => {
  await host?.stop();
  await arm?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function scan(): Promise<{ id: string; report: PolicyReport }> {
  // Scan IDs carry the time to the second: step past the previous one.
  clock.advance(60);
  const started = await apiFetch(`${host.url}/api/policy/scans`, { method: 'POST' });
  expect(started.status).toBe(202);
  const { id } = (await started.json()) as { id: string };
  for (let step = 0; step < 200; step++) {
    await backend.engine.quiescent();
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
