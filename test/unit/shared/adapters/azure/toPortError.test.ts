import fc from 'fast-check';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { RetryAfterTooLongError } from '../../../../../shared/adapters/azure/capRetryAfterPolicy';
import { toPortError } from '../../../../../shared/adapters/azure/toPortError';
import { errorCodeOf, PORT_ERROR_CODES, PortError } from '../../../../../shared/ports/portError';

function restError(statusCode: number | undefined, code: string | undefined, message = 'ARM said no'): RestError {
  return new RestError(message, { ...(statusCode === undefined ? {} : { statusCode }), ...(code === undefined ? {} : { code }) });
}

describe('toPortError: the one seam from SDK errors to stable codes', () => {
  it.each([
    [restError(400, 'InvalidParameter'), 'BAD_REQUEST'],
    [restError(401, 'AuthenticationFailed'), 'UNAUTHORIZED'],
    [restError(403, 'AuthorizationFailed'), 'FORBIDDEN'],
    [restError(404, 'ResourceNotFound'), 'NOT_FOUND'],
    [restError(409, 'OperationNotAllowed'), 'CONFLICT'],
    [restError(409, 'PropertyChangeNotAllowed'), 'VERSION_CONFLICT'],
    [restError(429, 'TooManyRequests'), 'THROTTLED'],
    [restError(500, 'InternalServerError'), 'ARM_UNAVAILABLE'],
    [restError(503, 'ServiceUnavailable'), 'ARM_UNAVAILABLE'],
    [restError(undefined, 'ECONNREFUSED'), 'ARM_UNAVAILABLE'],
    [restError(undefined, 'InternalOperationError'), 'OPERATION_FAILED'],
    [restError(undefined, undefined), 'UNEXPECTED'],
    [new Error('socket hang up'), 'UNEXPECTED'],
    ['a string', 'UNEXPECTED'],
  ])('%s → %s', (error, code) => {
    const mapped = toPortError(error, 'get thing');
    expect(mapped.code).toBe(code);
    expect(mapped.message.startsWith(`${code}: get thing`)).toBe(true);
    // The code survives as text, the way it crosses an activity boundary.
    expect(errorCodeOf(new Error(mapped.message))).toBe(code);
  });

  it.each([
    [429, 'THROTTLED'],
    [503, 'ARM_UNAVAILABLE'],
  ] as const)('a Retry-After beyond the cap on a %i stays %s and carries the wait', (status, code) => {
    const mapped = toPortError(new RetryAfterTooLongError(120, status), 'create version');
    expect(mapped).toMatchObject({ code, retryAfterSeconds: 120 });
  });

  it.each([
    [429, { 'retry-after': '45' }, 'THROTTLED', 45],
    [503, { 'retry-after': '7' }, 'ARM_UNAVAILABLE', 7],
    [429, { 'retry-after-ms': '1500' }, 'THROTTLED', 2],
    [500, {}, 'ARM_UNAVAILABLE', undefined],
    [409, { 'retry-after': '10' }, 'CONFLICT', undefined],
  ] as const)('after the SDK gave up on a %i with %j: %s carrying ARM’s last hint %s', (statusCode, headers, code, seconds) => {
    const request = createPipelineRequest({ url: 'https://management.azure.com/x' });
    const response = { request, status: statusCode, headers: createHttpHeaders(headers) };
    const mapped = toPortError(new RestError('ARM said wait', { statusCode, request, response }), 'list versions');
    expect(mapped.code).toBe(code);
    expect(mapped.retryAfterSeconds).toBe(seconds);
  });

  it.each([
    [404, 'ResourceNotFound', 'Pagination failed with unexpected statusCode 404', 'NOT_FOUND: list versions of g/i: ResourceNotFound: ARM answered HTTP 404'],
    [403, undefined, 'Pagination failed with unexpected statusCode 403', 'FORBIDDEN: list versions of g/i: 403: ARM answered HTTP 403'],
    [undefined, undefined, "Couldn't paginate response\n Body doesn't contain an array property with name: value", 'UNEXPECTED: list versions of g/i: error: ARM answered a list request with an unexpected response'],
    [404, 'GalleryImageNotFound', "The gallery image 'i' was not found.", "NOT_FOUND: list versions of g/i: GalleryImageNotFound: The gallery image 'i' was not found."],
  ])('the SDK pager’s own wording (%s %s) never reaches the message; ARM’s does', (status, code, message, expected) => {
    expect(toPortError(restError(status, code, message), 'list versions of g/i').message).toBe(expected);
  });

  it('keeps an existing PortError and reads ARM codes from details', () => {
    const original = new PortError('CONFLICT', 'x');
    expect(toPortError(original, 'y')).toBe(original);
    const withDetails = restError(409, undefined);
    withDetails.details = { error: { code: 'PropertyChangeNotAllowed', message: 'immutable' } };
    expect(toPortError(withDetails, 'put').code).toBe('VERSION_CONFLICT');
  });

  it.each([['NOT_FOUND: x', 'NOT_FOUND'], ['TIMEOUT: x', undefined], ['no code', undefined], ['STEP_FAILED: y', undefined]])(
    'errorCodeOf(%s) = %s',
    (message, code) => {
      expect(errorCodeOf(new Error(message))).toBe(code);
    },
  );
});

describe('toPortError properties', () => {
  it('every HTTP status maps to one stable code that leads the message and survives as text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), fc.option(fc.stringMatching(/^[A-Za-z]{1,20}$/), { nil: undefined }), fc.string({ maxLength: 2000 }), (status, code, message) => {
        const mapped = toPortError(restError(status, code, message), 'op');
        expect(PORT_ERROR_CODES).toContain(mapped.code);
        expect(errorCodeOf(new Error(mapped.message))).toBe(mapped.code);
        expect(mapped.message.length).toBeLessThan(700);
        if (status === 404) expect(mapped.code).toBe('NOT_FOUND');
        if (status >= 500) expect(mapped.code).toBe('ARM_UNAVAILABLE');
      }),
    );
  });
});
