import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultTimerLimits, isLongTimer, nextChunkFireAt, toTimeSpan } from '../../src/host/durable/longTimer';

const day = 24 * 3600 * 1000;
const t0 = Date.parse('2026-03-01T00:00:00Z');

describe('long timer chunks', () => {
  it.each([
    ['a 1-day timer is short', t0 + day, t0, false, t0 + day],
    ['exactly 6 days is still short', t0 + 6 * day, t0, false, t0 + 6 * day],
    ['10 days starts with a 3-day chunk', t0 + 10 * day, t0, true, t0 + 3 * day],
    ['with 7 days left the next chunk is 3 days', t0 + 10 * day, t0 + 3 * day, true, t0 + 6 * day],
    ['with 4 days left the last chunk ends at the fire time', t0 + 10 * day, t0 + 6 * day, false, t0 + 10 * day],
  ])('%s', (_label, fireAt, now, long, next) => {
    expect(isLongTimer(fireAt, now, defaultTimerLimits)).toBe(long);
    expect(nextChunkFireAt(fireAt, now, defaultTimerLimits)).toBe(next);
  });

  it('is done once the clock reached the fire time, even when a chunk fires late', () => {
    expect(nextChunkFireAt(t0 + 10 * day, t0 + 10 * day, defaultTimerLimits)).toBeUndefined();
    expect(nextChunkFireAt(t0 + 10 * day, t0 + 11 * day, defaultTimerLimits)).toBeUndefined();
  });

  it('chains chunks that never overshoot, are at most 3 days apart, and end exactly at the fire time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 * day }), (duration) => {
        let now = t0;
        const fireAt = t0 + duration;
        const chunks: number[] = [];
        for (let next = nextChunkFireAt(fireAt, now, defaultTimerLimits); next !== undefined; next = nextChunkFireAt(fireAt, now, defaultTimerLimits)) {
          expect(next).toBeGreaterThan(now);
          expect(next).toBeLessThanOrEqual(fireAt);
          if (next !== fireAt) expect(next - now).toBe(3 * day);
          chunks.push(next);
          now = next;
        }
        expect(chunks[chunks.length - 1]).toBe(fireAt);
        expect(chunks.length).toBe(duration > 6 * day ? Math.ceil((duration - 6 * day) / (3 * day)) + 1 : 1);
      }),
    );
  });
});

describe('toTimeSpan', () => {
  it.each([
    [3 * day, '3.00:00:00'],
    [6 * day, '6.00:00:00'],
    [day + 3_723_000, '1.01:02:03'],
    [0, '0.00:00:00'],
  ])('%i ms → %s', (ms, text) => {
    expect(toTimeSpan(ms)).toBe(text);
  });
});
