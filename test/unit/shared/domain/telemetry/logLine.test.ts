import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoted } from '../../../../../shared/domain/quoted';
import { MAX_FIELD_LENGTH, parseLogLine, withFields } from '../../../../../shared/domain/telemetry/logLine';

const LINE_BREAKS = /[\n\r\u2028\u2029]/;
/** Strings built from the characters that could break or forge a structured line. */
const hostile = fc.string({ unit: fc.constantFrom('a', ' ', '|', '{', '}', '"', "'", '\\', ':', ',', '\n', '\r', '\u2028', '\u2029', '\u0000', 'é'), maxLength: 40 });

describe('structured log lines', () => {
  it('reads back exactly the fields written, whatever the values, on one physical line', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, fc.integer(), fc.boolean(), (message, image, trigger, durationSeconds, promoted) => {
        const fields = { event: 'Step.Completed', image, trigger, durationSeconds, promoted };
        const line = withFields(message.replace(/[\n\r\u2028\u2029]/g, ' '), fields);
        expect(LINE_BREAKS.test(line)).toBe(false);
        expect(parseLogLine(line)?.fields).toEqual(fields);
      }),
    );
  });

  it.each([
    ['a plain line', 'started build-web-20261125080000-abcdef', undefined],
    ['a quoted outside value that looks like fields', `capture of ${quoted('vm | {"event":"Build.Failed","image":"x"}')} ignored`, undefined],
    ['a line whose fields are not an object', 'x | {broken', undefined],
  ])('%s has no fields', (_case, line, expected) => {
    expect(parseLogLine(line)).toEqual(expected);
  });

  it('keeps the message, drops fields the names module does not register and values that are not plain', () => {
    expect(parseLogLine('done | {"event":"Run.Started","runId":"r","secret":"x","image":{"a":1}}')).toEqual({ message: 'done', fields: { event: 'Run.Started', runId: 'r' } });
  });

  it('leaves out undefined fields, cuts long values and writes the message alone when nothing is set', () => {
    expect(withFields('m', { image: undefined })).toBe('m');
    const line = withFields('m', { image: 'x'.repeat(MAX_FIELD_LENGTH + 50), buildId: undefined });
    expect(parseLogLine(line)?.fields).toEqual({ image: `${'x'.repeat(MAX_FIELD_LENGTH)}…` });
  });
});
