import { afterEach, describe, expect, it } from 'vitest';
import { createClock } from '@image-autopilot/azure-offline';
import { installSharedClockDate } from '../../../../tools/local/sharedClockDate';

const START = new Date('2031-05-06T07:08:09.000Z');
let restore: (() => void) | undefined;

afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('installSharedClockDate', () => {
  it('makes argument-less Date calls read the shared clock and leaves the rest of Date alone', () => {
    const RealDate = Date;
    const before = new Date('2020-01-01T00:00:00.000Z');
    const clock = createClock({ mode: 'virtual', start: START });
    restore = installSharedClockDate(clock);

    expect(Date.now()).toBe(START.getTime());
    expect(new Date().toISOString()).toBe(START.toISOString());
    expect(Date()).toBe(new RealDate(START.getTime()).toString());
    clock.advance(90);
    expect(new Date().toISOString()).toBe('2031-05-06T07:09:39.000Z');
    expect(new Date('2020-01-01T00:00:00Z').getTime()).toBe(before.getTime());
    expect(new Date(2020, 0, 1).getFullYear()).toBe(2020);
    expect(Date.parse('2020-01-01T00:00:00Z')).toBe(before.getTime());
    expect(Date.UTC(2020, 0, 1)).toBe(before.getTime());
    // Dates from before the swap and after it are the same kind of object.
    expect(before).toBeInstanceOf(Date);
    expect(new Date()).toBeInstanceOf(RealDate);
    expect(Object.prototype.toString.call(new Date())).toBe('[object Date]');
  });

  it('puts the real Date back', () => {
    const RealDate = Date;
    restore = installSharedClockDate(createClock({ mode: 'virtual', start: START }));
    expect(Date).not.toBe(RealDate);
    restore();
    restore = undefined;
    expect(Date).toBe(RealDate);
    expect(Math.abs(Date.now() - performance.timeOrigin - performance.now())).toBeLessThan(60_000);
  });

  it('keeps a scaled clock running at its own speed, not recursing into itself', () => {
    const clock = createClock({ mode: 'scaled', speed: 3600, start: START });
    restore = installSharedClockDate(clock);
    const first = Date.now();
    const spin = performance.now() + 20;
    while (performance.now() < spin) {
      // wait 20 ms of real time: an hour a second makes that about 72 s of clock time
    }
    expect(Date.now() - first).toBeGreaterThanOrEqual(60_000);
  });
});
