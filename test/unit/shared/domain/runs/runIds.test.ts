import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateInstanceId } from '../../../../../functions/durable/instanceIds';
import { isRunId, isRunSortKey, newRunId, runIdTime, runSortKey } from '../../../../../shared/domain/runs/runIds';
import { RUN_KINDS } from '../../../../../shared/domain/runs/runRecord';

const kind = fc.constantFrom(...RUN_KINDS);
const subject = fc.option(fc.string({ minLength: 1, maxLength: 90 }), { nil: null });
const at = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true });
const entropy = fc.uuid();

describe('run IDs', () => {
  it('are valid Durable instance IDs that date themselves, whatever the subject', () => {
    fc.assert(
      fc.property(kind, subject, at, entropy, (k, s, t, e) => {
        const id = newRunId(k, s, t, e);
        expect(validateInstanceId(id)).toBe(id);
        expect(isRunId(id)).toBe(true);
        expect(id.startsWith(`${k}-`)).toBe(true);
        expect(runIdTime(id)?.toISOString()).toBe(t.toISOString());
      }),
    );
  });

  it('sort newest first by their store key, to the millisecond', () => {
    fc.assert(
      fc.property(kind, subject, at, at, entropy, entropy, (k, s, t1, t2, e1, e2) => {
        fc.pre(t1.getTime() !== t2.getTime());
        const [a, b] = [runSortKey(newRunId(k, s, t1, e1)) ?? '', runSortKey(newRunId(k, s, t2, e2)) ?? ''];
        expect(a < b).toBe(t1.getTime() > t2.getTime());
      }),
    );
  });

  it('two runs of one second sort by their millisecond', () => {
    const earlier = newRunId('build', 'x', new Date('2026-11-25T08:00:00.100Z'), 'fff');
    const later = newRunId('build', 'x', new Date('2026-11-25T08:00:00.900Z'), '000');
    expect((runSortKey(later) ?? '') < (runSortKey(earlier) ?? '')).toBe(true);
  });

  // The tail: the millisecond in three hex digits (999 = 3e7), then three of the entropy's.
  it.each([
    ['build', 'Ubuntu-22', 'build-ubuntu-22-20261125080000-3e7abc'],
    ['policy-scan', null, 'policy-scan-20261125080000-3e7abc'],
    ['capture', 'a/b?c', 'capture-a-b-c-20261125080000-3e7abc'],
  ] as const)('%s of %s is %s', (k, s, expected) => {
    expect(newRunId(k, s, new Date('2026-11-25T08:00:00.999Z'), 'ABCDEF12-0000')).toBe(expected);
  });

  it.each(['', 'build-ubuntu', 'build-ubuntu-2026112508000-abcdef', 'BUILD-x-20261125080000-abcdef', 'build-x-20261125080000-abcdeg'])(
    '%j is not a run ID (no store key, no time)',
    (value) => {
      expect(isRunId(value)).toBe(false);
      expect(runSortKey(value)).toBeNull();
      expect(isRunSortKey(`12345678901234567-${value}`)).toBe(false);
      expect(runIdTime(value)).toBeNull();
    },
  );

  it('refuse entropy without six hex digits and invalid dates', () => {
    expect(() => newRunId('build', 'x', new Date(), 'xy')).toThrow(/INVALID_RUN_ID/);
    expect(() => newRunId('build', 'x', new Date(Number.NaN), 'abcdef')).toThrow(/INVALID_RUN_ID/);
  });
});
