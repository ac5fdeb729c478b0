/**
 * Version number collisions through the local host and the emulated ARM: a run whose planned version was taken by
 * another build or capture meanwhile plans the next free one and creates that, recording why in its output.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import { vmIdHash } from '../../shared/domain/hashing';
import { GENERALIZE_EVENT_TYPE, GENERALIZE_OPERATION } from '../../functions/triggers/generalizeEvent';
import { armReader, imageRef } from '../support/armReader';
import { aCapturableVmSeed, aCatalog, anImageNamed, SUBSCRIPTION, vmIdOf } from '../support/builders';
import { getInstance, postJson, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';
import { expectDeterministicReplay } from '../support/replay';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    catalog: aCatalog({ images: [anImageNamed('img-race'), anImageNamed('img-twin')] }),
    seed: {
      virtualMachines: [
        // Already deallocated: its capture creates its version within the build's first minutes.
        aCapturableVmSeed('vm-race', 'img-race', { powerState: 'deallocated' }),
        // Stopped: both captures plan their version, then deallocate, then create — so both plan the same number.
        aCapturableVmSeed('vm-twin-a', 'img-twin'),
        aCapturableVmSeed('vm-twin-b', 'img-twin'),
      ],
    },
    log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined,
  });
});
afterAll(async () => {
  await stack?.stop();
});

const versionNames = async (image: string) => (await armReader(stack).gallery.listImageVersions(imageRef(stack, image))).map((v) => v.name).sort();
const captureId = (vm: string) => `capture-${vmIdHash(vmIdOf(vm))}`;

describe('version conflicts re-plan the next free version', () => {
  it('a capture takes the version a running build planned: the build creates the next one and says why', async () => {
    expect((await postJson(`${stack.url}/api/images/img-race/builds`, {})).status).toBe(202);
    // Let the build plan 1.0.0 and start on its build VM (its version comes ~minutes later).
    for (let i = 0; i < 20; i++) {
      await stack.backend.engine.quiescent();
      const step = ((await getInstance(stack.url, 'build-img-race'))?.customStatus as { step?: string } | undefined)?.step;
      if (step === 'create-vm' || step === 'customize') break;
      stack.clock.advance(15);
    }
    expect(((await getInstance(stack.url, 'build-img-race'))?.customStatus as { step?: string }).step).toMatch(/create-vm|customize/);

    expect((await postJson(`${stack.url}/api/captures`, { vmId: vmIdOf('vm-race') })).status).toBe(202);
    const captured = await runUntilDone(stack, captureId('vm-race'));
    expect(captured.output).toMatchObject({ version: '1.0.0', promoted: true });

    const built = await runUntilDone(stack, 'build-img-race');
    expect(built.runtimeStatus, JSON.stringify(built.output)).toBe('Completed');
    const output = built.output as BuildOutput;
    expect(output).toMatchObject({ version: '1.0.1', promoted: true });
    expect(output.replanned).toEqual([
      {
        version: '1.0.0',
        next: '1.0.1',
        reason: `VERSION_CONFLICT: version 1.0.0 of img-race already exists from build ${(captured.output as BuildOutput).buildId}`,
      },
    ]);
    expect(await versionNames('img-race')).toEqual(['1.0.0', '1.0.1']);
    const v100 = await armReader(stack).gallery.getImageVersion(imageRef(stack, 'img-race'), '1.0.0');
    expect(v100.tags['autopilot-source-vm']).toBe(vmIdHash(vmIdOf('vm-race')));
    const v101 = await armReader(stack).gallery.getImageVersion(imageRef(stack, 'img-race'), '1.0.1');
    expect(v101.tags['autopilot-build']).toBe(output.buildId);
    await expectDeterministicReplay(stack, 'build-img-race', built.output);
  });

  it('two concurrent captures into one image (one from Event Grid, one over HTTP) both publish, one under the next version', async () => {
    const eventVm = vmIdOf('vm-twin-b');
    const event = {
      id: 'twin-b',
      topic: `/subscriptions/${SUBSCRIPTION}`,
      subject: eventVm,
      eventType: GENERALIZE_EVENT_TYPE,
      eventTime: '2026-11-25T08:00:00.000Z',
      dataVersion: '2',
      metadataVersion: '1',
      data: { operationName: GENERALIZE_OPERATION, status: 'Succeeded', resourceUri: eventVm },
    };
    expect((await postJson(`${stack.url}/api/captures`, { vmId: vmIdOf('vm-twin-a') })).status).toBe(202);
    const delivered = await fetch(`${stack.url}/runtime/webhooks/eventgrid?functionName=vmGeneralized`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
      body: JSON.stringify([event]),
    });
    expect(delivered.status).toBe(202);

    const [a, b] = [await runUntilDone(stack, captureId('vm-twin-a')), await runUntilDone(stack, captureId('vm-twin-b'))];
    expect(a.runtimeStatus, JSON.stringify(a.output)).toBe('Completed');
    expect(b.runtimeStatus, JSON.stringify(b.output)).toBe('Completed');
    const outputs = [a.output as BuildOutput, b.output as BuildOutput];
    expect(outputs.map((o) => o.trigger)).toEqual(['http', 'event']);
    expect(outputs.map((o) => o.version).sort()).toEqual(['1.0.0', '1.0.1']);
    expect(outputs.every((o) => o.promoted)).toBe(true);
    const replanned = outputs.filter((o) => o.replanned !== undefined);
    expect(replanned).toHaveLength(1);
    expect(replanned[0]?.replanned).toEqual([{ version: '1.0.0', next: '1.0.1', reason: expect.stringMatching(/^VERSION_CONFLICT: version 1\.0\.0 of img-twin already exists from build /) }]);
    expect(await versionNames('img-twin')).toEqual(['1.0.0', '1.0.1']);
    const loser = replanned[0] === outputs[0] ? 'vm-twin-a' : 'vm-twin-b';
    await expectDeterministicReplay(stack, captureId(loser), loser === 'vm-twin-a' ? a.output : b.output);
  });
});
