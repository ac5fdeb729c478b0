import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeOnClock, createGallery, createImage, FAST_POLL, startForTest, SUB, SUBNET_ID, uniqueName, versionFromVmBody, vmBody, type ArmTestContext } from './armTestKit';
import { control, requestLog } from './controlClient';

let t: ArmTestContext;
beforeAll(async () => {
  t = await startForTest({ seed: { resourceGroups: [{ name: 'images' }, { name: 'staging' }], virtualMachines: [{ resourceGroup: 'staging', name: 'vm-ready', powerState: 'deallocated', osState: 'generalized' }] } });
});
afterAll(async () => {
  await t.emulator.stop();
});

describe('the request log', () => {
  it('records every ARM request with its kind, RBAC action and scope, polls included, control and token calls excluded', async () => {
    const gallery = uniqueName('gal');
    await createGallery(t, 'images', gallery);
    await createImage(t, 'images', gallery, 'web');
    expect((await control(t.rest, 'DELETE', 'requests')).status).toBe(204);

    const vmId = `/subscriptions/${SUB}/resourceGroups/staging/providers/Microsoft.Compute/virtualMachines/vm-ready`;
    await completeOnClock(t.compute.galleryImageVersions.createOrUpdate('images', gallery, 'web', '1.0.0', versionFromVmBody(vmId), FAST_POLL), t.emulator, 30);
    const vmName = uniqueName('iab');
    await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', vmName, vmBody(vmName), FAST_POLL), t.emulator, 30);
    await completeOnClock(t.compute.virtualMachines.deallocate('staging', vmName, FAST_POLL), t.emulator, 30);

    const log = await requestLog(t.rest);
    const versionId = `/subscriptions/${SUB}/resourceGroups/images/providers/Microsoft.Compute/galleries/${gallery}/images/web/versions/1.0.0`;
    const put = log.find((r) => r.method === 'PUT' && r.path === versionId);
    expect(put).toMatchObject({ kind: 'write', action: 'Microsoft.Compute/galleries/images/versions/write', scope: versionId, status: 201, apiVersion: '2025-03-03' });
    expect(put?.linked).toEqual([{ action: 'Microsoft.Compute/virtualMachines/write', scope: vmId, reason: expect.any(String) }]);
    expect(put?.at).toBe(new Date(Date.parse(put?.at ?? '')).toISOString());

    const polls = log.filter((r) => r.kind === 'poll');
    expect(polls.length).toBeGreaterThanOrEqual(3);
    expect(polls.every((p) => p.action === 'Microsoft.Compute/locations/operations/read' && /\/providers\/Microsoft\.Compute\/locations\/westeurope\/operation(s|Results)\//.test(p.path))).toBe(true);

    const vmPut = log.find((r) => r.method === 'PUT' && r.path.endsWith(`/virtualMachines/${vmName}`));
    expect(vmPut?.linked.map((l) => l.action)).toEqual(['Microsoft.Network/virtualNetworks/subnets/join/action']);
    expect(vmPut?.linked[0]?.scope).toBe(SUBNET_ID);
    const deallocate = log.find((r) => r.method === 'POST');
    expect(deallocate).toMatchObject({ kind: 'action', action: 'Microsoft.Compute/virtualMachines/deallocate/action', scope: `/subscriptions/${SUB}/resourceGroups/staging/providers/Microsoft.Compute/virtualMachines/${vmName}`, status: 202 });

    expect(log.some((r) => r.path.startsWith('/_emulator') || r.path.includes('/msi/token'))).toBe(false);
    expect(log.every((r) => typeof r.durationMs === 'number' && r.query['api-version'] === r.apiVersion)).toBe(true);
  });

  it('records list requests with the parent as scope', async () => {
    await control(t.rest, 'DELETE', 'requests');
    for await (const _ of t.compute.virtualMachines.list('staging')) void _;
    const [entry] = await requestLog(t.rest);
    expect(entry).toMatchObject({ method: 'GET', kind: 'read', action: 'Microsoft.Compute/virtualMachines/read', scope: `/subscriptions/${SUB}/resourceGroups/staging` });
  });
});
