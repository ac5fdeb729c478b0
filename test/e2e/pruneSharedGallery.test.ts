import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PruneOutput } from '../../functions/contracts';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { seedFor, startStack, type Stack } from '../support/stack';
import { aDeprecatedSeed, aVersionSeed, pruneSeed } from './pruneSeed';

// Galleries shared directly (Groups) or to the community may have users no scan can see (docs/architecture.md#deleting-and-in-use): with the
// catalog's allowPruneWhenShared off (the default), an applied prune changes nothing there.
const IMAGE = 'ubuntu-web';
const EOL_PASSED = '2026-11-20T00:00:00.000Z';
const catalog = aCatalog({ images: [anImage({ retention: { ...anImage().retention, keepLatest: 1, mode: 'apply' } })] });
const versions = [aVersionSeed('1.0.5', 2), aVersionSeed('1.0.4', 40), aVersionSeed('1.0.3', 50), aDeprecatedSeed('1.0.2', 60, EOL_PASSED), aDeprecatedSeed('1.0.1', 70, EOL_PASSED)];

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ catalog, seed: pruneSeed(catalog, { versions: { [IMAGE]: versions }, sharing: 'Groups' }) });
});

afterAll(async () => {
  await stack?.stop();
});

describe('a shared gallery', () => {
  it.each(['Groups', 'Community'] as const)('shared as %s: an applied prune deprecates and deletes nothing, and says why', async (sharing) => {
    // Re-seed so each case starts from the same versions with the gallery shared this way.
    expect((await stack.control('POST', 'reset')).status).toBe(200);
    const seed = { ...seedFor(catalog), ...pruneSeed(catalog, { versions: { [IMAGE]: versions }, sharing }) };
    expect((await stack.control('POST', 'seed', seed)).status).toBe(200);

    const started = await postJson(`${stack.url}/api/images/${IMAGE}/prune?dryRun=false`);
    expect(started.status).toBe(202);
    const status = await runUntilDone(stack, runIdOf(started));
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const out = status.output as PruneOutput;
    expect(out.galleryShared).toBe(true);
    expect(out.items.filter((i) => i.reason === 'shared-gallery').map((i) => i.version).sort()).toEqual(['1.0.1', '1.0.2', '1.0.3', '1.0.4']);
    expect(out).toMatchObject({ deprecated: [], deleted: [], summary: { deprecate: 0, delete: 0 } });
    const left = await armReader(stack).gallery.listImageVersions(imageRef(stack, IMAGE));
    expect(left.map((v) => [v.name, v.excludeFromLatest]).sort()).toEqual([
      ['1.0.1', true],
      ['1.0.2', true],
      ['1.0.3', false],
      ['1.0.4', false],
      ['1.0.5', false],
    ]);
  });
});
