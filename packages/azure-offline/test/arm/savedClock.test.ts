import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSavedClock } from '../../src/arm/savedClock';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the CLI clock saved with the state', () => {
  it('continues from the saved time after a restart instead of jumping back to wall time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'arm-clock-'));
    dirs.push(dir);
    const first = createSavedClock(dir, 'virtual', undefined);
    const advanced = first.clock.advance(30 * 86400);
    first.stop();
    const second = createSavedClock(dir, 'virtual', undefined);
    expect(second.clock.now().getTime()).toBe(advanced.getTime());
    second.stop();
  });

  it('starts at wall time without a state folder or a saved time', () => {
    const before = Date.now();
    const plain = createSavedClock(undefined, 'virtual', undefined);
    expect(plain.clock.now().getTime()).toBeGreaterThanOrEqual(before);
    const dir = mkdtempSync(join(tmpdir(), 'arm-clock-'));
    dirs.push(dir);
    const fresh = createSavedClock(dir, 'virtual', undefined);
    expect(fresh.clock.now().getTime()).toBeGreaterThanOrEqual(before);
    fresh.stop();
  });
});
