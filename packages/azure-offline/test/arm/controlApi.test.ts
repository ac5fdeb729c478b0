import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeOnClock, FAST_POLL, LOCATION, startForTest, SUB, uniqueName, vmBody, type ArmTestContext } from './armTestKit';
import { control } from './controlClient';

let t: ArmTestContext;
beforeAll(async () => {
  t = await startForTest({ seed: { resourceGroups: [{ name: 'rg' }, { name: 'staging' }] } });
});
afterAll(async () => {
  await t.emulator.stop();
});

describe('the control API', () => {
  it('reads and advances the shared clock', async () => {
    const before = (await control(t.rest, 'GET', 'clock')).body as { now: string };
    const advanced = await control(t.rest, 'POST', 'clock', { advanceSeconds: 3600 });
    expect(advanced.status).toBe(200);
    expect(Date.parse((advanced.body as { now: string }).now) - Date.parse(before.now)).toBe(3600_000);
    expect(t.emulator.clock.now().toISOString()).toBe((advanced.body as { now: string }).now);
  });

  it.each([[{}], [{ advanceSeconds: -1 }], [{ advanceSeconds: 'soon' }], [{ advanceSeconds: 1e20 }], [{ advanceSeconds: 100 * 365 * 86_400 + 1 }]])('refuses the clock change %j naming advanceSeconds', async (body) => {
    const { status, body: answer } = await control(t.rest, 'POST', 'clock', body);
    expect(status).toBe(400);
    expect((answer as { error: { message: string } }).error.message).toContain('advanceSeconds');
  });

  it('publishes a new marketplace image that VM creation with latest then uses', async () => {
    const added = await control(t.rest, 'POST', 'marketplace', { location: LOCATION, publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: '24.04.202512010' });
    expect(added.status).toBe(201);
    const versions = await t.compute.virtualMachineImages.list(LOCATION, 'Canonical', 'ubuntu-24_04-lts', 'server', { orderby: 'name desc', top: 1 });
    expect(versions.map((v) => v.name)).toEqual(['24.04.202512010']);
    const name = uniqueName('iab');
    const vm = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, vmBody(name), FAST_POLL), t.emulator, 30);
    expect(vm.storageProfile?.imageReference?.exactVersion).toBe('24.04.202512010');
  });

  it('applies a seed on top of the state, with ages measured on the clock', async () => {
    const seeded = await control(t.rest, 'POST', 'seed', {
      galleries: [{ resourceGroup: 'seeded', name: 'shared', sharing: 'Community', images: [{ name: 'web', versions: [{ name: '1.0.0', ageDays: 10, tags: { 'autopilot-retain': 'true' }, targetRegions: [LOCATION, 'eastus'], replication: { eastus: 'InProgress' } }] }] }],
    });
    expect(seeded.status).toBe(200);
    const gallery = await t.compute.galleries.get('seeded', 'shared');
    expect(gallery.sharingProfile?.permissions).toBe('Community');
    const version = await t.compute.galleryImageVersions.get('seeded', 'shared', 'web', '1.0.0', { expand: 'ReplicationStatus' });
    expect(t.emulator.clock.now().getTime() - (version.publishingProfile?.publishedDate?.getTime() ?? 0)).toBe(10 * 86400_000);
    expect(version.tags).toEqual({ 'autopilot-retain': 'true' });
    expect(version.replicationStatus?.summary?.map((s) => [s.region, s.state])).toEqual([['West Europe', 'Completed'], ['East US', 'Replicating']]);
  });

  it('answers a bad seed with every problem and its path', async () => {
    const { status, body } = await control(t.rest, 'POST', 'seed', { galleries: [{ resourceGroup: 'rg', name: 'g', images: [{ name: 'web', versions: [{ name: '1.0' }] }] }], roleAssignments: [{ scope: `/subscriptions/${SUB}`, principalId: 'p' }] });
    expect(status).toBe(400);
    const details = (body as { error: { code: string; details: { target: string }[] } }).error;
    expect(details.code).toBe('InvalidSeed');
    expect(details.details.map((d) => d.target)).toEqual(['galleries[0].images[0].versions[0].name', 'roleAssignments[0]']);
  });

  it('makes a named run command step fail through a failure rule', async () => {
    const rule = await control(t.rest, 'POST', 'runcommand-failures', { runCommandName: 'harden', scriptContains: 'cis-benchmark', exitCode: 3, output: 'CIS check 1.1.1 failed' });
    expect(rule.status).toBe(201);
    const name = uniqueName('iab');
    await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, vmBody(name), FAST_POLL), t.emulator, 30);
    await t.compute.virtualMachineRunCommands.createOrUpdate('staging', name, 'harden', { location: LOCATION, source: { script: './cis-benchmark.sh' }, asyncExecution: true }, FAST_POLL);
    t.emulator.clock.advance(60);
    const result = await t.compute.virtualMachineRunCommands.getByVirtualMachine('staging', name, 'harden', { expand: 'instanceView' });
    expect(result.instanceView).toMatchObject({ executionState: 'Failed', exitCode: 3, output: 'CIS check 1.1.1 failed' });
    const bad = await control(t.rest, 'POST', 'runcommand-failures', { exitCode: 'three' });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { message: string } }).error.message).toContain('exitCode');
  });

  it('records events posted to a notification topic', async () => {
    const event = { specversion: '1.0', id: 'e1', source: '/image-autopilot', type: 'ImageAutopilot.BuildSucceeded', data: { image: 'web' } };
    const posted = await control(t.rest, 'POST', 'topics/builds/api/events', [event]);
    expect(posted.body).toEqual({ received: 1 });
    const listed = await control(t.rest, 'GET', 'topics/builds/events');
    expect(listed.body).toEqual({ events: [event] });
  });

  it('resets to the default seed', async () => {
    // Its own emulator, so resetting cannot disturb the other tests of this file.
    const isolated = await startForTest({ seed: { galleries: [{ resourceGroup: 'rg', name: 'gal' }] } });
    try {
      expect((await control(isolated.rest, 'POST', 'reset')).status).toBe(200);
      await expect(isolated.compute.galleries.get('rg', 'gal')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
      const platform = await isolated.compute.virtualMachineImages.list(LOCATION, 'Canonical', 'ubuntu-24_04-lts', 'server');
      expect(platform.length).toBeGreaterThan(0);
    } finally {
      await isolated.emulator.stop();
      process.env.IDENTITY_ENDPOINT = t.emulator.identityEndpoint;
      process.env.IDENTITY_HEADER = t.emulator.identityHeader;
    }
  });

  it('answers 404 for an unknown control endpoint', async () => {
    const { status, body } = await control(t.rest, 'GET', 'nothing-here');
    expect(status).toBe(404);
    expect((body as { error: { code: string } }).error.code).toBe('NotFound');
  });
});
