import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WireRetryOptions } from '../../src/host/durable/orchestratorAction';
import { retryDelayMs, shouldReattempt } from '../../src/host/durable/retryDelay';

const options = (overrides: Partial<WireRetryOptions> = {}): WireRetryOptions => ({
  firstRetryIntervalInMilliseconds: 1000,
  maxNumberOfAttempts: 3,
  ...overrides,
});

describe('retryDelayMs', () => {
  it.each([
    ['constant without a coefficient', options(), 1, 1000],
    ['constant without a coefficient, later failure', options(), 4, 1000],
    ['doubling, first failure', options({ backoffCoefficient: 2 }), 1, 1000],
    ['doubling, third failure', options({ backoffCoefficient: 2 }), 3, 4000],
    ['capped by maxRetryInterval', options({ backoffCoefficient: 2, maxRetryIntervalInMilliseconds: 3000 }), 3, 3000],
    ['a zero cap means no cap', options({ backoffCoefficient: 3, maxRetryIntervalInMilliseconds: 0 }), 3, 9000],
  ])('%s', (_label, opts, failures, expected) => {
    expect(retryDelayMs(opts, failures)).toBe(expected);
  });

  it.each([
    ['failures 0', options(), 0, /failures must be an integer >= 1/],
    ['a zero first interval', options({ firstRetryIntervalInMilliseconds: 0 }), 1, /firstRetryIntervalInMilliseconds/],
    ['a negative coefficient', options({ backoffCoefficient: -1 }), 1, /backoffCoefficient/],
  ])('rejects %s naming the field', (_label, opts, failures, message) => {
    expect(() => retryDelayMs(opts, failures)).toThrow(message);
  });

  it('never decreases with more failures when the coefficient is at least 1, and never passes the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.option(fc.integer({ min: 1, max: 3_600_000 }), { nil: undefined }),
        fc.integer({ min: 1, max: 40 }),
        (first, coefficient, cap, failures) => {
          const opts = options({ firstRetryIntervalInMilliseconds: first, backoffCoefficient: coefficient, maxRetryIntervalInMilliseconds: cap });
          const now = retryDelayMs(opts, failures);
          const next = retryDelayMs(opts, failures + 1);
          expect(next).toBeGreaterThanOrEqual(now);
          if (cap !== undefined) expect(now).toBeLessThanOrEqual(Math.max(cap, first));
          expect(Number.isFinite(now)).toBe(true);
        },
      ),
    );
  });
});

describe('shouldReattempt', () => {
  it.each([
    [3, 1, true],
    [3, 2, true],
    [3, 3, false],
    [1, 1, false],
  ])('maxNumberOfAttempts %i after %i failures → %s', (max, failures, expected) => {
    expect(shouldReattempt(options({ maxNumberOfAttempts: max }), failures)).toBe(expected);
  });

  it('allows exactly maxNumberOfAttempts attempts in total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (max) => {
        let attempts = 1;
        let failures = 0;
        for (;;) {
          failures++;
          if (!shouldReattempt(options({ maxNumberOfAttempts: max }), failures)) break;
          attempts++;
        }
        expect(attempts).toBe(max);
      }),
    );
  });
});
