import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PruneOutput } from '../../functions/contracts';
import type { ImageSpec } from '../../shared/domain/catalog';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage } from '../support/builders';
import { newestRunId, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';
import { aDeprecatedSeed, aVersionSeed, pruneSeed } from './pruneSeed';

const EOL_PASSED = '2026-11-20T00:00:00.000Z';

function anImageNamed(name: string, retention: Partial<ImageSpec['retention']>): ImageSpec {
  return anImage({ name, definition: { ...anImage().definition, offer: name }, retention: { ...anImage().retention, keepLatest: 1, minAgeDays: 7, ...retention } });
}

/** `latest`, two old versions to deprecate, two deprecated ones past their end of life to delete. */
function mixedVersions() {
  return [
    aVersionSeed('1.0.5', 2),
    aVersionSeed('1.0.4', 40),
    aVersionSeed('1.0.3', 50),
    aDeprecatedSeed('1.0.2', 60, EOL_PASSED),
    aDeprecatedSeed('1.0.1', 70, EOL_PASSED),
  ];
}

const IMAGES = [
  anImageNamed('web-apply', { mode: 'apply' }),
  anImageNamed('web-dry', { mode: 'dryRun' }),
  anImageNamed('web-share', { mode: 'apply', maxDeleteShare: 0.2 }),
];

let stack: Stack;

beforeAll(async () => {
  const catalog = aCatalog({ images: IMAGES });
  stack = await startStack({ catalog, seed: pruneSeed(catalog, { versions: Object.fromEntries(IMAGES.map((i) => [i.name, mixedVersions()])) }) });
});

afterAll(async () => {
  await stack?.stop();
});

async function runTimer(): Promise<void> {
  const before = stack.host.invocations('scheduledPrune').length;
  const res = await fetch(`${stack.url}/admin/functions/scheduledPrune`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(202);
  for (let i = 0; i < 400; i++) {
    const runs = stack.host.invocations('scheduledPrune');
    const last = runs[runs.length - 1];
    if (runs.length > before && last && last.status !== 'running') {
      expect(last.status, last.error).toBe('succeeded');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('scheduledPrune did not finish');
}

async function outputOf(image: string): Promise<PruneOutput> {
  // The timer started the run: the app's run history names it.
  const status = await runUntilDone(stack, await newestRunId(stack.url, { kind: 'prune', image }));
  expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
  return status.output as PruneOutput;
}

async function versionsLeft(image: string): Promise<{ name: string; excludeFromLatest: boolean }[]> {
  const list = await armReader(stack).gallery.listImageVersions(imageRef(stack, image));
  return list.map((v) => ({ name: v.name, excludeFromLatest: v.excludeFromLatest })).sort((a, b) => a.name.localeCompare(b.name));
}

describe('scheduledPrune through the local host', () => {
  it('applies mode:apply images, records dry-run plans for the others, refuses a plan beyond maxDeleteShare', async () => {
    await runTimer();

    const applied = await outputOf('web-apply');
    expect(applied).toMatchObject({ dryRun: false, trigger: 'schedule', failed: [] });
    expect([...applied.deprecated].sort()).toEqual(['1.0.3', '1.0.4']);
    expect([...applied.deleted].sort()).toEqual(['1.0.1', '1.0.2']);
    expect(await versionsLeft('web-apply')).toEqual([
      { name: '1.0.3', excludeFromLatest: true },
      { name: '1.0.4', excludeFromLatest: true },
      { name: '1.0.5', excludeFromLatest: false },
    ]);

    const dry = await outputOf('web-dry');
    expect(dry).toMatchObject({ dryRun: true, trigger: 'schedule', summary: { keep: 1, deprecate: 2, delete: 2 }, deprecated: [], deleted: [] });
    expect(await versionsLeft('web-dry')).toHaveLength(5);

    const refused = await outputOf('web-share');
    // Refused whole: neither the two deletions nor the two deprecations happen.
    expect(refused.items.filter((i) => i.reason === 'share-exceeded').map((i) => i.version).sort()).toEqual(['1.0.1', '1.0.2', '1.0.3', '1.0.4']);
    expect(refused).toMatchObject({ deleted: [], deprecated: [] });
    expect(await versionsLeft('web-share')).toEqual([
      { name: '1.0.1', excludeFromLatest: true },
      { name: '1.0.2', excludeFromLatest: true },
      { name: '1.0.3', excludeFromLatest: false },
      { name: '1.0.4', excludeFromLatest: false },
      { name: '1.0.5', excludeFromLatest: false },
    ]);
  });
});
