import { CronExpressionParser } from 'cron-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNcrontab } from '../../../../shared/config';
import { NCRONTAB_FIELDS } from '../../../../shared/config/checkNcrontab';

describe('checkNcrontab', () => {
  it.each([
    '0 0 2 * * *',
    '*/30 * * * * *',
    '0 */5 9-17 * * MON-FRI',
    '0 0 0 1 JAN,JUL *',
    '0 0 6 * * mon',
    '0 15,45 * * * *',
    '0 0 0 1-31/2 * *',
    '59 59 23 31 12 6',
    '0 0 12 * * 0-6/2',
    '0 0 0 29 2 *',
    '0 0 0 31 2,3 *',
    '0 0 0 5/10 * *',
  ])('accepts %s', (expression) => {
    expect(checkNcrontab(expression)).toBeUndefined();
  });

  it.each([
    ['0 2 * * *', 'has 5 fields, but NCRONTAB needs 6 with seconds first (e.g. "0 0 2 * * *")'],
    ['', 'has 0 fields, but NCRONTAB needs 6: second minute hour day month day-of-week'],
    ['0 0 0 * * * *', 'has 7 fields, but NCRONTAB needs 6: second minute hour day month day-of-week'],
    ['60 * * * * *', 'second value 60 is outside 0-59'],
    ['0 60 * * * *', 'minute value 60 is outside 0-59'],
    ['0 0 24 * * *', 'hour value 24 is outside 0-23'],
    ['0 0 0 0 * *', 'day of month value 0 is outside 1-31'],
    ['0 0 0 32 * *', 'day of month value 32 is outside 1-31'],
    ['0 0 0 * 13 *', 'month value 13 is outside 1-12'],
    ['0 0 0 * * 7', 'day of week value 7 is outside 0-6'],
    ['0 0 0 * FOO *', 'month has "FOO", expected a number 1-12 or a name (JAN…)'],
    ['0 0 0 * * MONDAY', 'day of week has "MONDAY", expected a number 0-6 or a name (SUN…)'],
    ['0 0 0 ? * MON', 'day of month uses "?"; NCRONTAB has no ? or # (that is Quartz syntax)'],
    ['0 0 0 * * 1#2', 'day of week uses "1#2"; NCRONTAB has no ? or # (that is Quartz syntax)'],
    ['0 0 0 L * *', 'day of month has "L", expected a number 1-31'],
    ['0 */0 * * * *', 'minute step 0 must be 1-60'],
    ['0 */x * * * *', 'minute step "x" must be a positive number'],
    ['0 1/2/3 * * * *', 'minute has malformed "1/2/3"'],
    ['0 5-1 * * * *', 'minute range "5-1" runs backwards'],
    ['0 1- * * * *', 'minute has malformed range "1-"'],
    ['0 1,,2 * * * *', 'minute has malformed ""'],
    ['0 0 0 30 2 *', 'day of month 30 never occurs in FEB (at most 29 days), so the schedule would never fire'],
    ['0 0 0 31 4,6,9,11 *', 'day of month 31 never occurs in APR,JUN,SEP,NOV (at most 30 days), so the schedule would never fire'],
    // NCRONTAB ANDs day of month with day of week, so a weekday does not rescue an impossible date.
    ['0 0 0 30-31 FEB MON', 'day of month 30 never occurs in FEB (at most 29 days), so the schedule would never fire'],
  ])('rejects %j: %s', (expression, message) => {
    expect(checkNcrontab(expression)).toBe(message);
  });

  /** A random valid field: *, a value, a range, a step, or a list of values. */
  function fieldArb(min: number, max: number) {
    const value = fc.integer({ min, max });
    const range = fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`);
    const step = fc.tuple(fc.oneof(fc.constant('*'), range), fc.integer({ min: 1, max: max - min + 1 })).map(([r, s]) => `${r}/${s}`);
    // Lists hold distinct values: cron-parser (the oracle below) rejects duplicates that NCRONTAB would tolerate.
    const list = fc.uniqueArray(value, { minLength: 2, maxLength: 4 }).map((values) => values.join(','));
    return fc.oneof(fc.constant('*'), value.map(String), range, step, list);
  }
  const expressionArb = fc.tuple(...NCRONTAB_FIELDS.map((f) => fieldArb(f.min, f.max))).map((fields) => fields.join(' '));
  /** Days 1-28 exist in every month, so every expression drawn here can fire. */
  const firingExpressionArb = fc
    .tuple(...NCRONTAB_FIELDS.map((f) => fieldArb(f.min, f.name === 'day of month' ? 28 : f.max)))
    .map((fields) => fields.join(' '));

  it('property: generated six-field expressions that can fire are accepted, and cron-parser agrees they are valid', () => {
    fc.assert(
      fc.property(firingExpressionArb, (expression) => {
        expect(checkNcrontab(expression)).toBeUndefined();
        // cron-parser also reads a leading seconds field when given six, so it is an independent oracle here.
        expect(() => CronExpressionParser.parse(expression)).not.toThrow();
      }),
    );
  });

  it('property: a well-formed expression is only ever rejected for never firing, and agrees with cron-parser when day of week is *', () => {
    fc.assert(
      fc.property(expressionArb, (expression) => {
        const problem = checkNcrontab(expression);
        if (problem !== undefined) expect(problem).toMatch(/^day of month \d+ never occurs in .* so the schedule would never fire$/);
        // cron-parser ORs a restricted day of week with the day of month, so it is only an oracle when day of week is *.
        if (expression.endsWith(' *')) {
          const parserAccepts = (() => {
            try {
              CronExpressionParser.parse(expression);
              return true;
            } catch {
              return false;
            }
          })();
          expect(problem === undefined).toBe(parserAccepts);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: dropping the seconds field is always reported as the 5-field mistake', () => {
    fc.assert(
      fc.property(expressionArb, (expression) => {
        const five = expression.split(' ').slice(1).join(' ');
        expect(checkNcrontab(five)).toMatch(/^has 5 fields, but NCRONTAB needs 6 with seconds first/);
      }),
    );
  });

  it('property: a value outside its field range is rejected naming that field', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 50 }), (index, excess) => {
        const field = NCRONTAB_FIELDS[index];
        if (field === undefined) return;
        const fields = ['0', '0', '0', '1', '1', '0'];
        fields[index] = String(field.max + excess);
        expect(checkNcrontab(fields.join(' '))).toBe(`${field.name} value ${field.max + excess} is outside ${field.min}-${field.max}`);
      }),
    );
  });
});
