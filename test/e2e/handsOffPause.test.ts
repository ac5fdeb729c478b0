import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import type { Stack } from '../support/stack';
import { runScheduledRebuild, startHandsOffStack, statusesOf } from './handsOffSupport';
import { apiFetch } from '../support/apiAuth';

const BREAK = 'e2e-break-this-step';
const breaking = anImageNamed('img-breaks', {
  customization: [{ name: 'broken-step', type: 'shell', inline: [`echo ${BREAK}`], timeoutSeconds: 300 }],
  rebuild: { ...anImage().rebuild, pauseAfterFailures: 2 },
});

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ catalog: aCatalog({ images: [anImage(), breaking] }) });
});
afterAll(async () => {
  await stack?.stop();
});

async function pausedInApi(): Promise<Record<string, boolean>> {
  const res = await apiFetch(`${stack.url}/api/images`);
  const body = (await res.json()) as { images: { name: string; paused: boolean }[] };
  return Object.fromEntries(body.images.map((i) => [i.name, i.paused]));
}

async function failureTags(): Promise<Record<string, string>> {
  const definition = await armReader(stack).gallery.getImageDefinition(imageRef(stack, 'img-breaks'));
  return Object.fromEntries(Object.entries(definition.tags).filter(([k]) => k.startsWith('autopilot-')));
}

describe('failure pause', () => {
  it('pauses an image after pauseAfterFailures failed builds, until a successful build', async () => {
    expect((await stack.control('POST', 'runcommand-failures', { scriptContains: BREAK, exitCode: 3, output: 'broken on purpose' })).status).toBe(201);

    const first = await runScheduledRebuild(stack);
    expect(first.output.items.map((i) => [i.image, i.build?.outcome])).toEqual([['ubuntu-web', 'built'], ['img-breaks', 'failed']]);
    expect(first.output.items[1]?.build).toMatchObject({ outcome: 'failed', consecutiveFailures: 1, error: expect.stringMatching(/STEP_FAILED/) });

    const second = await runScheduledRebuild(stack);
    expect(second.output.items[1]?.build).toMatchObject({ outcome: 'failed', consecutiveFailures: 2 });
    expect((await failureTags())['autopilot-consecutive-failures']).toBe('2');
    expect(await pausedInApi()).toEqual({ 'ubuntu-web': false, 'img-breaks': true });

    const third = await runScheduledRebuild(stack);
    expect(statusesOf(third.output)).toEqual({ 'ubuntu-web': 'up-to-date', 'img-breaks': 'paused' });
    expect(third.output.items[1]?.build).toBeNull();

    // The fix lands; a successful on-demand build resets the count at once, and the next scheduled run is normal.
    expect((await stack.control('DELETE', 'runcommand-failures')).status).toBe(204);
    const fixed = await postJson(`${stack.url}/api/images/img-breaks/builds`, { reason: 'fixed' });
    expect(fixed.status).toBe(202);
    expect((await runUntilDone(stack, runIdOf(fixed))).runtimeStatus).toBe('Completed');
    expect(await failureTags()).toEqual({});
    expect(await pausedInApi()).toEqual({ 'ubuntu-web': false, 'img-breaks': false });

    const fourth = await runScheduledRebuild(stack);
    expect(statusesOf(fourth.output)).toEqual({ 'ubuntu-web': 'up-to-date', 'img-breaks': 'up-to-date' });
    expect(await failureTags()).toEqual({});
  });
});
