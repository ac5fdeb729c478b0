import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextPollDelaySeconds, nextReadAt, SECONDS_PER_READ } from '../../../../functions/durable/pollUntil';

const S = 1000;

describe('nextReadAt', () => {
  it.each([
    // started, now, paid reads so far, backoff delay → next read (all in seconds)
    [0, 0, 0, 15, 60],
    [0, 60, 1, 15, 120],
    [0, 120, 2, 60, 180],
    [0, 180, 3, 120, 300],
    [0, 900, 3, 300, 1200],
    [100, 100, 0, 600, 700],
  ])('started %i s, now %i s, %i reads paid, backoff %i s → %i s', (started, now, paid, delay, expected) => {
    expect(nextReadAt(started * S, now * S, paid, delay)).toBe(expected * S);
  });

  /** The read times pollUntil produces for an operation that finishes after `durationSeconds`. */
  function readTimes(polling: { minSeconds: number; maxSeconds: number }, firstWait: number | undefined, durationSeconds: number, hint: number | undefined): number[] {
    const times: number[] = [];
    const waitsFirst = firstWait !== undefined && firstWait > 0;
    let now = waitsFirst ? nextReadAt(0, 0, 0, firstWait) : 0;
    for (let attempt = 0; ; attempt++) {
      times.push(now);
      if (now >= durationSeconds * S) return times;
      const delay = nextPollDelaySeconds(attempt, polling, hint);
      now = nextReadAt(0, now, waitsFirst ? attempt + 1 : attempt, delay);
    }
  }

  it('property: an operation of any length is read at most once per minute on average, and never waits past the backoff or a minute more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 600 }),
        fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
        fc.integer({ min: 1, max: 6 * 3600 }),
        fc.option(fc.integer({ min: 1, max: 900 }), { nil: undefined }),
        (min, extra, firstWait, durationSeconds, hint) => {
          const polling = { minSeconds: min, maxSeconds: min + extra };
          const times = readTimes(polling, firstWait, durationSeconds, hint);
          const waitsFirst = firstWait !== undefined;
          const paid = waitsFirst ? times.length : times.length - 1;
          const last = times.at(-1) ?? 0;
          // The budget holds at every read, so it holds on average over the operation's life.
          expect(paid * SECONDS_PER_READ * S).toBeLessThanOrEqual(Math.max(last, 0));
          // Latency stays bounded: the read after completion comes within the longest wait the settings allow.
          const longestGap = Math.max(polling.maxSeconds, hint ?? 0, firstWait ?? 0, SECONDS_PER_READ) * S;
          for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeLessThanOrEqual(longestGap);
        },
      ),
    );
  });
});
