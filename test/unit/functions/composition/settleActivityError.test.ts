import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settleActivityError } from '../../../../functions/composition/settleActivityError';
import { isPermanentFailure } from '../../../../functions/durable/activityFailure';
import { isRetryAfter } from '../../../../functions/durable/retryAfter';
import { PORT_ERROR_CODES, PortError } from '../../../../shared/ports/portError';

describe('settleActivityError', () => {
  it.each([
    ['a long ARM throttle', new PortError('THROTTLED', 'list', 120), { $retryAfterSeconds: 120 }],
    ['a fractional wait rounds up', new PortError('THROTTLED', 'list', 0.2), { $retryAfterSeconds: 1 }],
    ['an immutable version', new Error('VERSION_CONFLICT: 1.0.0 exists'), { $permanentFailure: 'VERSION_CONFLICT: 1.0.0 exists' }],
    ['a missing base image', new PortError('NOT_FOUND', 'no platform image'), { $permanentFailure: 'NOT_FOUND: no platform image' }],
    ['a bad request', new PortError('BAD_REQUEST', 'x'), { $permanentFailure: 'BAD_REQUEST: x' }],
    ['a missing permission', new PortError('FORBIDDEN', 'x'), { $permanentFailure: 'FORBIDDEN: x' }],
    ['a throttle without a wait (retry policy decides)', new PortError('THROTTLED', 'x'), undefined],
    ['ARM unavailable', new PortError('ARM_UNAVAILABLE', 'x'), undefined],
    ['a conflicting operation in progress', new PortError('CONFLICT', 'x'), undefined],
    ['an unexpected error', new Error('socket hang up'), undefined],
  ])('%s', (_case, error, expected) => {
    expect(settleActivityError(error)).toEqual(expected);
  });

  it('answers with at most one envelope kind, and only for coded errors', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PORT_ERROR_CODES), fc.option(fc.integer({ min: 1, max: 3600 }), { nil: undefined }), fc.string(), (code, wait, detail) => {
        const settled = settleActivityError(new PortError(code, detail, wait));
        expect(isRetryAfter(settled) && isPermanentFailure(settled)).toBe(false);
        if (isRetryAfter(settled)) expect(code).toBe('THROTTLED');
        if (isPermanentFailure(settled)) expect(settled.$permanentFailure.startsWith(`${code}: `)).toBe(true);
        expect(settleActivityError(new Error(detail.replace(/^[A-Z_]+:/, '')))).toBeUndefined();
      }),
    );
  });
});
