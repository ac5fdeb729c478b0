import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextPollDelaySeconds } from '../../../../functions/durable/pollUntil';

const settings = { minSeconds: 15, maxSeconds: 300 };

describe('nextPollDelaySeconds', () => {
  it.each([
    [0, undefined, 15],
    [1, undefined, 30],
    [2, undefined, 60],
    [4, undefined, 240],
    [5, undefined, 300],
    [50, undefined, 300],
    [0, 120, 120],
    [5, 600, 600],
    [3, 10, 120],
    [0, Number.NaN, 15],
  ])('attempt %i with server hint %s waits %i s', (attempt, hint, expected) => {
    expect(nextPollDelaySeconds(attempt, settings, hint)).toBe(expected);
  });

  it('stays within [min, max] without a hint, never shrinks, and a hint is never cut short', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 3600 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.option(fc.integer({ min: 0, max: 7200 }), { nil: undefined }),
        (min, extra, attempt, hint) => {
          const polling = { minSeconds: min, maxSeconds: min + extra };
          const delay = nextPollDelaySeconds(attempt, polling, hint);
          const plain = nextPollDelaySeconds(attempt, polling);
          expect(plain).toBeGreaterThanOrEqual(min);
          expect(plain).toBeLessThanOrEqual(min + extra);
          expect(nextPollDelaySeconds(attempt + 1, polling)).toBeGreaterThanOrEqual(plain);
          if (hint !== undefined) expect(delay).toBeGreaterThanOrEqual(hint);
        },
      ),
    );
  });

  it('averages at most one read per minute over a long wait with the default settings', () => {
    let elapsed = 0;
    let reads = 0;
    for (let attempt = 0; elapsed < 6 * 3600; attempt++) {
      elapsed += nextPollDelaySeconds(attempt, settings);
      reads++;
    }
    expect(reads / (elapsed / 60)).toBeLessThanOrEqual(1);
  });
});
