import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIdFromGuid, buildVmName, MAX_INSTANCE_ID_LENGTH, validateInstanceId } from '../../../../functions/durable/instanceIds';
import { newRunId } from '../../../../shared/domain/runs/runIds';
import { RUN_KINDS } from '../../../../shared/domain/runs/runRecord';

describe('instance IDs (docs/architecture.md#instance-ids)', () => {
  it.each([
    ['empty', '', /1\.\.100 characters/],
    ['too long', `build-${'a'.repeat(95)}`, /1\.\.100 characters, got 101/],
    ['upper case', 'build-Foo', /lower-case/],
    ['slash', 'build-a/b', /must not contain "\/"/],
    ['backslash', 'build-a\\b', /must not contain "\\\\"/],
    ['hash', 'build-a#b', /must not contain "#"/],
    ['question mark', 'build-a?b', /must not contain "\?"/],
    ['control character', 'build-a\u0001b', /control characters/],
  ])('rejects %s', (_case, id, message) => {
    expect(() => validateInstanceId(id)).toThrow(message);
  });

  it('build IDs are the first 8 hex of the GUID and name the VM', () => {
    expect(buildIdFromGuid('9F86D081-884C-7D65-9A2F-EAA0C55AD015')).toBe('9f86d081');
    expect(buildVmName('9f86d081')).toBe('iab9f86d081');
    expect(() => buildIdFromGuid('not-a-guid')).toThrow(/INVALID_BUILD_ID/);
  });

  it('every image name Azure allows gives a valid run ID of every kind, the same for any case', () => {
    const imageName = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$/);
    const at = new Date('2026-11-05T07:08:09Z');
    fc.assert(
      fc.property(imageName, fc.constantFrom(...RUN_KINDS), (name, kind) => {
        const id = newRunId(kind, name, at, 'abcdef');
        expect(validateInstanceId(id)).toBe(id);
        expect(id.length).toBeLessThanOrEqual(MAX_INSTANCE_ID_LENGTH);
        expect(newRunId(kind, name.toUpperCase(), at, 'abcdef')).toBe(id);
      }),
    );
  });
});
