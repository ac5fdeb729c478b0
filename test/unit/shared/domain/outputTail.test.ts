import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUTPUT_TAIL_BYTES, stepTails, tailsThatFit, utf8Length, utf8Tail } from '../../../../shared/domain/outputTail';

describe('utf8Tail', () => {
  it.each([
    ['short text is kept whole', 'hello', 10, 'hello'],
    ['exactly the limit is kept whole', 'abcde', 5, 'abcde'],
    ['ASCII keeps the last bytes', 'abcdefgh', 3, 'fgh'],
    // "é" is 2 bytes: 4 bytes from the end would start inside it, so the tail starts after it.
    ['a cut inside a 2-byte character starts after it', 'xéabc', 4, 'abc'],
    ['a 4-byte character is kept only whole', '😀😀', 5, '😀'],
    ['nothing fits', '😀', 3, ''],
  ])('%s', (_name, text, max, expected) => {
    expect(utf8Tail(text, max)).toBe(expected);
  });

  it('defaults to 4 KiB', () => {
    expect(OUTPUT_TAIL_BYTES).toBe(4096);
    expect(utf8Length(utf8Tail('é'.repeat(5000)))).toBe(4096);
  });

  it('is a suffix of the text, within the limit, at most 3 bytes short of it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 4, max: 300 }), (text, max) => {
        const tail = utf8Tail(text, max);
        expect(text.endsWith(tail)).toBe(true);
        expect(utf8Length(tail)).toBeLessThanOrEqual(max);
        if (utf8Length(text) > max) expect(utf8Length(tail)).toBeGreaterThanOrEqual(max - 3);
      }),
    );
  });
});

describe('step tails', () => {
  it('cut each stream to its last 4 KiB', () => {
    const tails = stepTails('big', { exitCode: 1, output: `a${'x'.repeat(5000)}`, error: 'short' });
    expect(tails).toEqual({ step: 'big', exitCode: 1, outputTail: 'x'.repeat(4096), errorTail: 'short' });
  });

  it.each([
    ['nothing yet', [], 0],
    ['exactly 4 KiB together', [stepTails('a', { exitCode: 0, output: 'x'.repeat(4000), error: '' }), stepTails('b', { exitCode: 0, output: '', error: 'y'.repeat(96) })], 2],
    ['one byte more', [stepTails('a', { exitCode: 0, output: 'x'.repeat(4000), error: '' }), stepTails('b', { exitCode: 0, output: '', error: 'é'.repeat(48) + 'y' })], null],
  ])('fit in customStatus: %s', (_name, steps, kept) => {
    const fit = tailsThatFit(steps);
    expect(fit === null ? null : fit.length).toBe(kept);
  });
});
