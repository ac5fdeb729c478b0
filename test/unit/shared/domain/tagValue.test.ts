import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TAG_VALUE_LENGTH, tagValue } from '../../../../shared/domain/tags';

describe('tagValue', () => {
  it.each([
    ['short text is kept', 'nightly patch', 'nightly patch'],
    ['256 characters are kept', 'a'.repeat(256), 'a'.repeat(256)],
    ['257 characters end in an ellipsis at 256', 'a'.repeat(257), `${'a'.repeat(255)}\u2026`],
    // A surrogate pair straddling the cut is dropped whole, never split.
    ['a pair at the cut is not split', `${'a'.repeat(254)}😀b`, `${'a'.repeat(254)}\u2026`],
  ])('%s', (_name, text, expected) => {
    expect(tagValue(text)).toBe(expected);
  });

  it('never exceeds the limit and keeps a prefix of the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), (text) => {
        const value = tagValue(text);
        expect(value.length).toBeLessThanOrEqual(MAX_TAG_VALUE_LENGTH);
        if (value !== text) expect(text.startsWith(value.slice(0, -1))).toBe(true);
        // No lone surrogate: each high one is followed by a low one.
        expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)).toBe(false);
      }),
    );
  });
});
