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
import { getInstance, listRuns, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { BASE_IMAGE_VERSIONS, startStack, type Stack } from '../support/stack';
import { JAMMY } from './handsOffSupport';
import { expectDeterministicReplay } from '../support/replay';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    catalog: aCatalog({ images: [anImageNamed('img-race'), anImageNamed('img-twin')] }),
    seed: {
      virtualMachines: [
        // Already deallocated: its capture creates its version within the build's first minutes. Made from the build's
        // own base image, so the re-plan bumps the patch whether or not the capture is latest by then.
        aCapturableVmSeed('vm-race', 'img-race', { powerState: 'deallocated', imageReference: { ...JAMMY, version: BASE_IMAGE_VERSIONS[1] } }),
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

async function started(url: string, body: unknown): Promise<string> {
  const response = await postJson(url, body);
  expect(response.status).toBe(202);
  return runIdOf(response);
}

/** The capture run a generalize event started: it has no image yet, so its ID names the VM's hash. */
async function eventCaptureOf(vm: string): Promise<string> {
  const prefix = `capture-${vmIdHash(vmIdOf(vm))}-`;
  for (let i = 0; i < 100; i++) {
    await stack.backend.engine.quiescent();
    const runs = (await listRuns(stack.url, { kind: 'capture' })).filter((r) => r.runId.startsWith(prefix));
    if (runs.length > 0) {
      expect(runs.map((r) => r.trigger)).toEqual(['event']);
      return runs[0]?.runId ?? '';
    }
  }
  throw new Error(`no capture run of ${vm}`);
}

describe('version conflicts re-plan the next free version', () => {
  it('a capture takes the version a running build planned: the build creates the next one and says why', async () => {
    const buildId = await started(`${stack.url}/api/images/img-race/builds`, {});
    // Let the build plan 1.0.0 and start on its build VM (its version comes ~minutes later).
    for (let i = 0; i < 20; i++) {
      await stack.backend.engine.quiescent();
      const step = ((await getInstance(stack.url, buildId))?.customStatus as { step?: string } | undefined)?.step;
      if (step === 'create-vm' || step === 'customize') break;
      stack.clock.advance(15);
    }
    expect(((await getInstance(stack.url, buildId))?.customStatus as { step?: string }).step).toMatch(/create-vm|customize/);

    const captureId = await started(`${stack.url}/api/captures`, { vmId: vmIdOf('vm-race') });
    const captured = await runUntilDone(stack, captureId);
    expect(captured.output).toMatchObject({ version: '1.0.0', promoted: true });

    const built = await runUntilDone(stack, buildId);
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
    await expectDeterministicReplay(stack, buildId, built.output);
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
    const httpCapture = await started(`${stack.url}/api/captures`, { vmId: vmIdOf('vm-twin-a') });
    const delivered = await fetch(`${stack.url}/runtime/webhooks/eventgrid?functionName=vmGeneralized`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
      body: JSON.stringify([event]),
    });
    expect(delivered.status).toBe(202);

    const eventCapture = await eventCaptureOf('vm-twin-b');
    const [a, b] = [await runUntilDone(stack, httpCapture), await runUntilDone(stack, eventCapture)];
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
    const loserIsA = replanned[0] === outputs[0];
    await expectDeterministicReplay(stack, loserIsA ? httpCapture : eventCapture, loserIsA ? a.output : b.output);
  });
});
