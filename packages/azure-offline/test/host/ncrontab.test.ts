import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNcrontab } from '../../src/host/ncrontab';

const at = (iso: string) => new Date(iso);

describe('parseNcrontab().next', () => {
  it.each([
    ['0 0 3 * * *', '2026-01-01T00:00:00Z', '2026-01-01T03:00:00.000Z'],
    ['0 0 3 * * *', '2026-01-01T03:00:00Z', '2026-01-02T03:00:00.000Z'],
    ['*/15 * * * * *', '2026-01-01T00:00:07.500Z', '2026-01-01T00:00:15.000Z'],
    ['0 */5 * * * *', '2026-01-01T00:04:59Z', '2026-01-01T00:05:00.000Z'],
    ['0 30 9 * * 1-5', '2026-01-02T10:00:00Z', '2026-01-05T09:30:00.000Z'], // Friday → Monday
    ['0 0 0 1 * *', '2026-01-15T00:00:00Z', '2026-02-01T00:00:00.000Z'],
    ['0 0 12 * * Sun', '2026-01-01T00:00:00Z', '2026-01-04T12:00:00.000Z'],
    ['  0   0 3 * * *  ', '2026-01-01T00:00:00Z', '2026-01-01T03:00:00.000Z'],
  ])('%s after %s → %s', (expression, after, expected) => {
    expect(parseNcrontab(expression, 'test').next(at(after)).toISOString()).toBe(expected);
  });
});

describe('parseNcrontab errors', () => {
  it.each([
    ['0 3 * * *', 'expected 6 fields'],
    ['0 0 0 3 * * *', 'expected 6 fields'],
    ['', 'expected 6 fields'],
    ['0 0 24 * * *', 'not a valid NCRONTAB'],
    ['0 61 * * * *', 'not a valid NCRONTAB'],
    ['x 0 0 * * *', 'not a valid NCRONTAB'],
  ])('%j is refused: %s', (expression, rule) => {
    expect(() => parseNcrontab(expression, "function 'nightly'")).toThrow(rule);
    expect(() => parseNcrontab(expression, "function 'nightly'")).toThrow("function 'nightly'");
  });
});

describe('NCRONTAB properties', () => {
  const instant = fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2099-12-31T00:00:00Z'), noInvalidDate: true });
  const everyMinutes = fc.constantFrom(1, 2, 3, 5, 10, 15, 20, 30);

  it('"every m minutes" gives the next aligned minute, strictly later and at most m minutes away', () => {
    fc.assert(
      fc.property(instant, everyMinutes, (after, m) => {
        const next = parseNcrontab(`0 */${m} * * * *`, 'p').next(after);
        expect(next.getTime()).toBeGreaterThan(after.getTime());
        expect(next.getTime() - after.getTime()).toBeLessThanOrEqual(m * 60_000);
        expect(next.getUTCSeconds()).toBe(0);
        expect(next.getUTCMilliseconds()).toBe(0);
        expect(next.getUTCMinutes() % m).toBe(0);
      }),
    );
  });

  it('no occurrence is skipped: the next after (next − 1 ms) is next itself', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom('0 0 3 * * *', '0 */7 * * * *', '30 15 * * * 1-5', '0 0 0 1 * *'), (after, expression) => {
        const schedule = parseNcrontab(expression, 'p');
        const next = schedule.next(after);
        expect(schedule.next(new Date(next.getTime() - 1)).getTime()).toBe(next.getTime());
      }),
      { numRuns: 50 },
    );
  });
});
