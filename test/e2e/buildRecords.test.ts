import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { NO_IDENTITY_REASON } from '../../shared/domain/stepLogs';
import { expectDeterministicReplay } from '../support/replay';
import { startStack, type Stack } from '../support/stack';

/** The emulator records scripts and reports this as their output (packages/azure-offline/docs/emulator.md, "Run commands"). */
const recorded = (lines: number) => `[emulated] script recorded (${lines} line(s)); not executed`;
/** These images have no build.identity, so no VM writes log blobs: each entry says so. */
const inline = { log: { kind: 'inline', reason: NO_IDENTITY_REASON } };

const images = {
  web: anImage(),
  quiet: anImageNamed('img-quiet'),
  failsShort: anImageNamed('img-fails-short', {
    customization: [
      { name: 'first', type: 'shell', inline: ['echo one'], timeoutSeconds: 300 },
      { name: 'breaks', type: 'shell', inline: ['echo e2e-records-short'], timeoutSeconds: 300 },
    ],
  }),
  chatty: anImageNamed('img-chatty', { customization: [{ name: 'chatty', type: 'shell', inline: ['echo e2e-records-long'], timeoutSeconds: 300 }] }),
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog: aCatalog({ images: Object.values(images) }) });
});
afterAll(async () => {
  await stack?.stop();
});

async function build(image: string, body: unknown) {
  const started = await postJson(`${stack.url}/api/images/${image}/builds`, body);
  expect(started.status).toBe(202);
  return runUntilDone(stack, runIdOf(started));
}

async function versionTags(image: string, version: string): Promise<Record<string, string>> {
  return (await armReader(stack).gallery.getImageVersion(imageRef(stack, image), version)).tags;
}

describe('the reason of a build', () => {
  it('is kept on the version (cut to 256 characters with an ellipsis) and in the output whole', async () => {
    const reason = `CVE-2026-0001 patch: ${'é'.repeat(300)}`;
    const status = await build(images.web.name, { reason });
    expect(status.runtimeStatus).toBe('Completed');
    const output = status.output as BuildOutput;
    expect(output.reason).toBe(reason);
    const tag = (await versionTags(images.web.name, output.version))['autopilot-reason'];
    expect(tag).toHaveLength(256);
    expect(tag).toBe(`${reason.slice(0, 255)}\u2026`);
  });

  it('without one: no tag, and `reason: null` in the output', async () => {
    const status = await build(images.quiet.name, {});
    const output = status.output as BuildOutput;
    expect(output.reason).toBeNull();
    expect(Object.keys(await versionTags(images.quiet.name, output.version))).not.toContain('autopilot-reason');
  });
});

describe('customization logs', () => {
  it('a build reports each step with its exit code and the tails of its output', async () => {
    const status = await build(images.web.name, {});
    expect((status.output as BuildOutput).customization).toEqual([
      { step: 'install-nginx', exitCode: 0, outputTail: recorded(2), errorTail: '', ...inline },
      { step: 'harden-ssh', exitCode: 0, outputTail: recorded(1), errorTail: '', ...inline },
    ]);
    await expectDeterministicReplay(stack, status.instanceId, status.output);
  });

  it('a failed step: its tails are in the final customStatus beside the steps before it, the error stays short', async () => {
    expect((await stack.control('POST', 'runcommand-failures', { scriptContains: 'e2e-records-short', exitCode: 7, output: 'apt: unable to fetch' })).status).toBe(201);
    const status = await build(images.failsShort.name, {});
    expect(status.runtimeStatus).toBe('Failed');
    const custom = status.customStatus as { step: string; failure: { step: string }; customization?: unknown };
    expect(custom).toMatchObject({ step: 'failed', failure: { step: 'customize' } });
    expect(custom.customization).toEqual([
      { step: 'first', exitCode: 0, outputTail: recorded(1), errorTail: '', ...inline },
      { step: 'breaks', exitCode: 7, outputTail: 'apt: unable to fetch', errorTail: '[emulated] step failed with exit code 7', ...inline },
    ]);
  });

  it('each tail is the last 4 KiB of its output; tails that do not fit in 4 KiB together stay out of customStatus', async () => {
    // A matching rule with exit code 0 makes the step succeed with this output. 2-byte characters: 6,000+ bytes.
    const output = `start ${'ü'.repeat(3000)} end`;
    expect((await stack.control('POST', 'runcommand-failures', { scriptContains: 'e2e-records-long', exitCode: 0, output })).status).toBe(201);
    const status = await build(images.chatty.name, {});
    expect(status.runtimeStatus).toBe('Completed');
    const [chatty] = (status.output as BuildOutput).customization ?? [];
    expect(chatty?.exitCode).toBe(0);
    expect(chatty?.outputTail).toBe(`${'ü'.repeat(2046)} end`);
    expect(new TextEncoder().encode(chatty?.outputTail).length).toBe(4096);
    expect(status.customStatus).toMatchObject({ step: 'done' });
    expect(status.customStatus).not.toHaveProperty('customization');
  });
});
