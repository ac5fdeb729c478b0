import { describe, expect, it } from 'vitest';
import { isPaused, pausedByThisFailure } from '../../../../shared/domain/pause';

describe('failure pause', () => {
  it.each([
    [0, 3, false],
    [2, 3, false],
    [3, 3, true],
    [4, 3, true],
    [5, 0, false],
    [Number.NaN, 3, false],
  ])('%d failures with pauseAfterFailures %d: paused %s', (failures, limit, paused) => {
    expect(isPaused(failures, limit)).toBe(paused);
  });

  it.each([
    [2, 3, false],
    [3, 3, true],
    // Already paused: a later count past the limit (the limit was lowered meanwhile) is not a new pause.
    [4, 3, false],
    [1, 0, false],
  ])('a failure bringing the count to %d (limit %d) paused the image: %s', (failures, limit, paused) => {
    expect(pausedByThisFailure(failures, limit)).toBe(paused);
  });
});
