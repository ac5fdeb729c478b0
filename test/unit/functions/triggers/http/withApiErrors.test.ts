import { HttpRequest, InvocationContext, HttpResponse } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { PortError } from '../../../../../shared/ports/portError';
import { mapRouteError, withApiErrors } from '../../../../../functions/triggers/http/withApiErrors';

describe('mapRouteError', () => {
  it.each([
    ['a throttled ARM with its hint', new PortError('THROTTLED', 'listImageVersions: ARM asked to retry after 120 s', 120), 503, 'ARM_THROTTLED', 120],
    ['a throttled ARM without a hint (text after an activity boundary)', new Error('THROTTLED: too many requests'), 503, 'ARM_THROTTLED', 30],
    ['an unreachable ARM', new PortError('ARM_UNAVAILABLE', 'getVm: 503 ServiceUnavailable'), 503, 'ARM_UNAVAILABLE', 30],
    ['a missing role', new PortError('FORBIDDEN', 'getVm: AuthorizationFailed'), 502, 'ARM_ERROR', undefined],
    ['an ARM conflict', new Error('CONFLICT: the gallery is being deleted'), 502, 'ARM_ERROR', undefined],
    ['an unreachable Durable backend', new Error('DurableClient error: Durable Functions extension replied with HTTP 503 response.'), 503, 'DURABLE_UNAVAILABLE', 30],
    ['an unreachable run store', new PortError('ARM_UNAVAILABLE', 'run store: create table: ECONNREFUSED 127.0.0.1:10002'), 503, 'RUN_STORE_UNAVAILABLE', 30],
    ['a run store that says nothing else', new PortError('UNEXPECTED', 'run store: list runs: socket closed'), 503, 'RUN_STORE_UNAVAILABLE', 30],
    ['a run store that refuses the identity', new PortError('FORBIDDEN', 'run store: read lock build-x: AuthorizationPermissionMismatch'), 502, 'RUN_STORE_ERROR', undefined],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'name')"), 500, 'INTERNAL', undefined],
    ['a thrown string', 'boom', 500, 'INTERNAL', undefined],
  ] as const)('%s → %i %s', (_case, error, status, code, retryAfterSeconds) => {
    const mapped = mapRouteError(error, 'inv-1');
    expect(mapped).toMatchObject({ status, code });
    expect(mapped.retryAfterSeconds).toBe(retryAfterSeconds);
  });

  it('keeps ARM’s message (it names the resource) but not an unexpected error’s, which the invocation ID finds in the log', () => {
    expect(mapRouteError(new PortError('FORBIDDEN', 'getVm vm-1: AuthorizationFailed'), 'inv-1').message).toContain('AuthorizationFailed');
    const internal = mapRouteError(new Error('secret connection string in a stack'), 'inv-7').message;
    expect(internal).not.toContain('secret');
    expect(internal).toContain('inv-7');
  });
});

describe('withApiErrors', () => {
  const request = new HttpRequest({ method: 'GET', url: 'http://127.0.0.1:7071/api/images' });

  it('passes answers through and turns a throw into the §7 error body with Retry-After', async () => {
    const ok = new HttpResponse({ status: 200, jsonBody: { images: [] } });
    expect(await withApiErrors(async () => ok)(request, new InvocationContext({ functionName: 'listImages' }))).toBe(ok);

    const logged: unknown[][] = [];
    const context = new InvocationContext({ functionName: 'listImages', invocationId: 'inv-9', logHandler: (_level, ...args) => logged.push(args) });
    const failed = (await withApiErrors(async () => {
      throw new PortError('ARM_UNAVAILABLE', 'listImageVersions: 500');
    })(request, context)) as HttpResponse;
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('30');
    expect(await failed.json()).toEqual({ error: { code: 'ARM_UNAVAILABLE', message: 'Azure Resource Manager did not answer: ARM_UNAVAILABLE: listImageVersions: 500', details: [] } });
    expect(logged.flat().join(' ')).toContain('answered 503 ARM_UNAVAILABLE');
  });
});
