import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armRequestKind } from '../../../../../shared/adapters/azure/armTelemetryPolicy';
import { createAzureAdapters, type AzureAdapters } from '../../../../../shared/adapters/azure/createAzureAdapters';
import type { MetricPoint } from '../../../../../shared/domain/telemetry/metricsOfEvent';
import type { EventFields, TelemetryPort } from '../../../../../shared/ports/telemetryPort';
import { createClock, startArmEmulator, type ArmEmulator } from '@image-autopilot/azure-offline';
import { aCatalog, SUBSCRIPTION } from '../../../../support/builders';
import { httpsJson, seedFor } from '../../../../support/stack';

/** The ARM metrics through the real SDK pipeline against the emulated ARM, with its fault injection. */
let arm: ArmEmulator;
let adapters: AzureAdapters;
const metrics: MetricPoint[] = [];
const raised: EventFields[] = [];
const recorder: TelemetryPort = { event: () => undefined, raise: (fields) => raised.push(fields), metric: (point) => metrics.push(point), shutdown: () => Promise.resolve() };
const catalog = aCatalog();
const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: catalog.gallery.resourceGroup, galleryName: catalog.gallery.name, imageName: 'ubuntu-web' };
const control = (method: string, path: string, body?: unknown) => httpsJson(`${arm.url}/_emulator/${path}`, arm.caPem, method, body);
const DEFINITION_READ = 'GET microsoft.compute/galleries/images';

beforeAll(async () => {
  arm = await startArmEmulator({ port: 0, clock: createClock({ mode: 'virtual', start: new Date('2026-11-25T08:00:00Z') }), seed: seedFor(catalog) });
  process.env['IDENTITY_ENDPOINT'] = arm.identityEndpoint;
  process.env['IDENTITY_HEADER'] = arm.identityHeader;
  adapters = createAzureAdapters({ armEndpoint: arm.url, caPem: arm.caPem, clientId: undefined, defaultSubscriptionId: SUBSCRIPTION, maxRetryAfterSeconds: 5, telemetry: recorder });
});

afterAll(async () => {
  await arm?.stop();
});

function reset(): void {
  metrics.length = 0;
  raised.length = 0;
}

const named = (name: string) => metrics.filter((m) => m.name === name).map((m) => `${m.dimensions['kind']} ${m.dimensions['status']} ${m.value}`);

describe('ARM requests and throttling are counted in the client pipeline', () => {
  it('counts each attempt by kind and status, a waited-out 429 as a throttle with its event', async () => {
    reset();
    await control('POST', 'faults', { method: 'GET', path: '/images/ubuntu-web', status: 429, retryAfter: 1, count: 1 });
    expect((await adapters.gallery.getImageDefinition(ref)).name).toBe('ubuntu-web');
    expect(named('autopilot.arm.requests')).toEqual([`${DEFINITION_READ} 429 1`, `${DEFINITION_READ} 200 1`]);
    expect(named('autopilot.arm.throttles')).toEqual([`${DEFINITION_READ} 429 1`]);
    expect(raised).toEqual([{ event: 'Arm.Throttled', kind: DEFINITION_READ, status: '429', retryAfterSeconds: 1 }]);
  });

  it('counts a 503 beyond the Retry-After cap too, before the cap turns it into an error', async () => {
    reset();
    await control('POST', 'faults', { method: 'GET', path: '/images/ubuntu-web', status: 503, retryAfter: 600, count: 1 });
    await expect(adapters.gallery.getImageDefinition(ref)).rejects.toMatchObject({ code: 'ARM_UNAVAILABLE' });
    expect(named('autopilot.arm.throttles')).toEqual([`${DEFINITION_READ} 503 1`]);
    expect(raised).toEqual([{ event: 'Arm.Throttled', kind: DEFINITION_READ, status: '503', retryAfterSeconds: 600 }]);
  });
});

describe('armRequestKind', () => {
  it.each([
    ['GET', 'https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/versions/1.0.0?api-version=1', 'GET microsoft.compute/galleries/images/versions'],
    ['put', 'https://arm/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1', 'PUT microsoft.compute/virtualmachines'],
    ['POST', 'https://arm/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1/generalize', 'POST microsoft.compute/virtualmachines/generalize'],
    ['GET', 'https://arm/subscriptions/s/providers/Microsoft.Compute/locations/westeurope/operations/abc', 'GET microsoft.compute/locations/operations'],
    ['GET', 'https://arm/subscriptions/s/resourceGroups/rg', 'GET subscriptions/resourcegroups'],
    ['GET', 'not a url', 'GET other'],
  ])('%s %s → %s', (method, url, kind) => {
    expect(armRequestKind(method, url)).toBe(kind);
  });
});
