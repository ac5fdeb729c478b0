import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUOTED_MAX_LENGTH, quoted } from '../../../../shared/domain/quoted';

describe('quoted', () => {
  it.each<[string, unknown, number | undefined, string]>([
    ['a plain value', 'vm-golden', undefined, '"vm-golden"'],
    ['a newline that would forge a log line', 'x\n[2026-11-25T08:00:00.000Z] Executed ok', undefined, '"x\\n[2026-11-25T08:00:00.000Z] Executed ok"'],
    ['a NUL and a carriage return', 'a\u0000b\rc', undefined, '"a\\u0000b\\rc"'],
    ['a lone surrogate', 'a\ud800', undefined, '"a\\ud800"'],
    ['the line and paragraph separators', 'a\u2028b\u2029c', undefined, '"a\\u2028b\\u2029c"'],
    ['quotes and backslashes', 'say "hi" \\o/', undefined, '"say \\"hi\\" \\\\o/"'],
    ['a long value, cut', 'abcdefgh', 3, '"abc…"'],
    ['an Error, by its message', new Error('ARM_ERROR: boom\nline 2'), undefined, '"ARM_ERROR: boom\\nline 2"'],
    ['a number', 42, undefined, '"42"'],
    ['undefined', undefined, undefined, '"undefined"'],
    ['an object without toString', Object.create(null) as unknown, undefined, '"[object]"'],
  ])('%s', (_case, value, max, expected) => {
    expect(quoted(value, max)).toBe(expected);
  });

  it('property: one line, a JSON string of at most max characters (plus the ellipsis) of the value', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 1, max: 300 }), (value, max) => {
        const out = quoted(value, max);
        expect([...out].some((c) => c.charCodeAt(0) < 0x20 || c === '\u2028' || c === '\u2029')).toBe(false);
        const back = JSON.parse(out) as string;
        expect(back).toBe(value.length > max ? `${value.slice(0, max)}…` : value);
      }),
    );
    expect(quoted('x'.repeat(10_000)).length).toBe(QUOTED_MAX_LENGTH + 3);
  });
});
