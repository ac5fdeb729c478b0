import { HttpRequest, InvocationContext } from '@azure/functions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize, hasRole, requestedByOf, type RouteAuth } from '../../../../../functions/triggers/http/authorize';
import { decodePrincipal } from '../../../../../functions/triggers/http/principal';

const entra: RouteAuth = { mode: 'entra', platformAuthEnabled: true };
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
/** The shape App Service injects for an Entra ID caller (long claim types, as Easy Auth maps them). */
const platformPrincipal = (roles: string[]) =>
  encode({
    auth_typ: 'aad',
    name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
    role_typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
    claims: [
      { typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', val: 'ada@contoso.com' },
      { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: 'oid-ada' },
      ...roles.map((val) => ({ typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role', val })),
    ],
  });

function request(headers: Record<string, string>, method = 'POST'): HttpRequest {
  return new HttpRequest({ url: 'http://localhost/api/images/x/builds', method, headers });
}
function context(logged: string[] = []): InvocationContext {
  return new InvocationContext({ functionName: 'startBuild', logHandler: (_level, ...args) => logged.push(args.map(String).join(' ')) });
}

describe('decodePrincipal', () => {
  it('reads name, object ID, provider and roles from the platform headers', () => {
    const decoded = decodePrincipal(new Headers({ 'x-ms-client-principal': platformPrincipal(['ImageAutopilot.Reader']), 'x-ms-client-principal-idp': 'aad' }));
    expect(decoded).toEqual({ ok: true, principal: { name: 'ada@contoso.com', objectId: 'oid-ada', identityProvider: 'aad', roles: ['ImageAutopilot.Reader'] } });
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['not base64', '%%%'],
    ['base64 of no JSON', Buffer.from('{').toString('base64')],
    ['JSON of the wrong shape', encode({ claims: 'all' })],
    ['without an object ID', encode({ auth_typ: 'aad', claims: [{ typ: 'name', val: 'x' }] })],
    ['too long', 'A'.repeat(20_000)],
  ])('is no principal when the header is %s', (_, header) => {
    expect(decodePrincipal(new Headers(header === undefined ? {} : { 'x-ms-client-principal': header })).ok).toBe(false);
  });

  it('never throws, whatever the header holds', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.base64String(), fc.jsonValue().map(encode)), (header) => {
      const safe = header.replace(/[^\x20-\x7e]/g, '_');
      expect(typeof decodePrincipal(new Headers({ 'x-ms-client-principal': safe })).ok).toBe('boolean');
    }));
  });
});

describe('hasRole: Admin ⊃ Operator ⊃ Reader', () => {
  it.each([
    [['ImageAutopilot.Reader'], 'Reader', true],
    [['ImageAutopilot.Reader'], 'Operator', false],
    [['ImageAutopilot.Operator'], 'Reader', true],
    [['ImageAutopilot.Operator'], 'Admin', false],
    [['ImageAutopilot.Admin'], 'Operator', true],
    [['ImageAutopilot.Admin'], 'Reader', true],
    [['Reader', 'imageautopilot.admin'], 'Reader', false],
    [[], 'Reader', false],
  ] as const)('%j may act as %s: %s', (granted, role, expected) => {
    expect(hasRole(granted, role)).toBe(expected);
  });
});

describe('authorize', () => {
  it('refuses every principal with 401 when App Service Authentication is off, logging why', () => {
    const logged: string[] = [];
    const outcome = authorize({ mode: 'entra', platformAuthEnabled: false }, { role: 'Reader' }, request({ 'x-ms-client-principal': platformPrincipal(['ImageAutopilot.Admin']) }), context(logged));
    expect(outcome.ok ? 200 : outcome.response.status).toBe(401);
    expect(logged.join('\n')).toMatch(/refused 401 UNAUTHENTICATED for an unknown caller: ".*WEBSITE_AUTH_ENABLED/);
  });

  it('answers 403 naming the role, escaping the caller in the log line', () => {
    const logged: string[] = [];
    const principal = encode({ auth_typ: 'aad', claims: [{ typ: 'name', val: 'evil\nFAKE LINE' }, { typ: 'oid', val: 'o-1' }, { typ: 'roles', val: 'ImageAutopilot.Reader' }] });
    const outcome = authorize(entra, { role: 'Operator' }, request({ 'x-ms-client-principal': principal }), context(logged));
    expect(outcome.ok ? 200 : outcome.response.status).toBe(403);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('"evil\\nFAKE LINE"');
    expect(logged[0]).not.toContain('\n');
  });

  it('remembers the caller for the run record; keys mode and Public routes ask for none', () => {
    const req = request({ 'x-ms-client-principal': platformPrincipal(['ImageAutopilot.Operator']) });
    expect(authorize(entra, { role: 'Operator' }, req, context()).ok).toBe(true);
    expect(requestedByOf(req)).toEqual({ name: 'ada@contoso.com', objectId: 'oid-ada' });
    const keyed = request({ 'x-ms-client-principal': platformPrincipal(['ImageAutopilot.Admin']) });
    expect(authorize({ mode: 'keys', platformAuthEnabled: false }, { role: 'Admin' }, keyed, context()).ok).toBe(true);
    expect(requestedByOf(keyed)).toBeUndefined();
    expect(authorize(entra, { role: 'Public' }, request({}, 'GET'), context()).ok).toBe(true);
  });
});
