/**
 * App Service Authentication ("Easy Auth") with Entra ID, as the platform runs it in front of a function app with
 * `requireAuthentication` and `unauthenticatedClientAction: Return401` (packages/azure-offline/docs/local-host.md#sign-in): every request
 * under the route prefix outside the excluded paths needs a valid bearer token; any client-sent
 * `X-MS-CLIENT-PRINCIPAL*` header is dropped on every request, and a valid token's caller is injected as the platform
 * injects it. Switched on by the platform's own settings: WEBSITE_AUTH_ENABLED, WEBSITE_AUTH_OPENID_ISSUER,
 * WEBSITE_AUTH_CLIENT_ID; WEBSITE_AUTH_EXCLUDED_PATHS (comma-separated) stands in for authsettingsV2's excludedPaths, and
 * WEBSITE_AUTH_OPENID_WELL_KNOWN_CONFIGURATION for a provider's wellKnownOpenIdConfiguration: where the discovery
 * document is when it is not under the issuer (the emulator's Entra keeps Entra's issuer but serves it locally).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { JWTPayload, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import type { Clock } from '../clock';

/** Entra and Easy Auth tolerate a few minutes; one is enough between two processes on one shared clock. */
export const CLOCK_SKEW_SECONDS = 60;
const PRINCIPAL_PREFIX = 'x-ms-client-principal';
const NAME_TYP = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';
const ROLE_TYP = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
const OID_TYP = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

export interface EasyAuthSettings {
  issuer: string;
  /** The app registration's client ID; `api://<client ID>` is accepted too (v1 tokens). */
  clientId: string;
  excludedPaths: string[];
  /** The OIDC discovery document; `<issuer>/.well-known/openid-configuration` unless set. */
  wellKnownConfiguration: string;
}

export type EasyAuthOutcome = { ok: true; headers: IncomingHttpHeaders } | { ok: false; reason: string };

export interface EasyAuth {
  settings: EasyAuthSettings;
  /** Drops client-sent principal headers; for a protected path, validates the bearer token and injects the caller. */
  authenticate(path: string, headers: IncomingHttpHeaders): Promise<EasyAuthOutcome>;
}

/** The settings, or undefined when WEBSITE_AUTH_ENABLED is not true; a half configuration fails start-up. */
export function readEasyAuthSettings(settings: Readonly<Record<string, string | undefined>>): EasyAuthSettings | undefined {
  if ((settings.WEBSITE_AUTH_ENABLED ?? '').trim().toLowerCase() !== 'true') return undefined;
  const issuer = settings.WEBSITE_AUTH_OPENID_ISSUER?.trim() ?? '';
  const clientId = settings.WEBSITE_AUTH_CLIENT_ID?.trim() ?? '';
  if (issuer === '' || clientId === '') {
    throw new Error('WEBSITE_AUTH_ENABLED is true: set WEBSITE_AUTH_OPENID_ISSUER (the token issuer) and WEBSITE_AUTH_CLIENT_ID (the audience) too');
  }
  const excludedPaths = (settings.WEBSITE_AUTH_EXCLUDED_PATHS ?? '')
    .split(',')
    .map((p) => p.trim().replace(/\/+$/, '').toLowerCase())
    .filter((p) => p !== '');
  const trimmedIssuer = issuer.replace(/\/+$/, '');
  const wellKnownConfiguration = settings.WEBSITE_AUTH_OPENID_WELL_KNOWN_CONFIGURATION?.trim() || `${trimmedIssuer}/.well-known/openid-configuration`;
  return { issuer: trimmedIssuer, clientId, excludedPaths, wellKnownConfiguration };
}

export function withoutClientPrincipal(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.toLowerCase().startsWith(PRINCIPAL_PREFIX)));
}

function isExcluded(path: string, excluded: readonly string[]): boolean {
  const lower = path.toLowerCase().replace(/\/+$/, '');
  return excluded.some((p) => lower === p || lower.startsWith(`${p}/`));
}

/** The headers the platform injects for a validated Entra ID token. */
export function principalHeaders(claims: JWTPayload): Record<string, string> {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const oid = text(claims.oid);
  const name = text(claims.name) || text(claims.preferred_username) || oid;
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
  const claimList = [
    ...Object.entries(claims).flatMap(([typ, val]) => (typeof val === 'string' || typeof val === 'number' ? [{ typ, val: String(val) }] : [])),
    { typ: NAME_TYP, val: name },
    { typ: OID_TYP, val: oid },
    ...roles.map((val) => ({ typ: ROLE_TYP, val })),
  ];
  const principal = { auth_typ: 'aad', name_typ: NAME_TYP, role_typ: ROLE_TYP, claims: claimList };
  return {
    [PRINCIPAL_PREFIX]: Buffer.from(JSON.stringify(principal)).toString('base64'),
    [`${PRINCIPAL_PREFIX}-id`]: oid,
    [`${PRINCIPAL_PREFIX}-name`]: name,
    [`${PRINCIPAL_PREFIX}-idp`]: 'aad',
  };
}

/** jose is an ES module; this package is CommonJS, so it is imported on first use. */
const loadJose = () => import('jose');
type Jose = Awaited<ReturnType<typeof loadJose>>;

function reasonOf(errors: Jose['errors'], error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with RS256';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no signing key of the issuer matches the token';
  if (error instanceof errors.JOSEError) return `the token is not valid (${error.code})`;
  return `the issuer's keys could not be read: ${error instanceof Error ? error.message : String(error)}`;
}

export function createEasyAuth(settings: EasyAuthSettings, clock: Clock): EasyAuth {
  let jwks: JWTVerifyGetKey | undefined;
  // The JWKS location comes from the issuer's discovery document, read once on first use.
  const keys = async (jose: Jose) => {
    if (jwks !== undefined) return jwks;
    const res = await fetch(settings.wellKnownConfiguration);
    if (!res.ok) throw new Error(`discovery answered ${res.status}`);
    const document = (await res.json()) as { jwks_uri?: unknown };
    if (typeof document.jwks_uri !== 'string') throw new Error('discovery has no jwks_uri');
    jwks = jose.createRemoteJWKSet(new URL(document.jwks_uri));
    return jwks;
  };

  return {
    settings,
    async authenticate(path, headers) {
      const stripped = withoutClientPrincipal(headers);
      if (isExcluded(path, settings.excludedPaths)) return { ok: true, headers: stripped };
      const match = /^Bearer ([A-Za-z0-9_.~+/-]+=*)$/.exec(headers.authorization?.trim() ?? '');
      if (match?.[1] === undefined) return { ok: false, reason: 'no bearer token (Authorization: Bearer <token>)' };
      const jose = await loadJose();
      try {
        const { payload } = await jose.jwtVerify(match[1], await keys(jose), {
          algorithms: ['RS256'],
          issuer: settings.issuer,
          audience: [settings.clientId, `api://${settings.clientId}`],
          clockTolerance: CLOCK_SKEW_SECONDS,
          currentDate: clock.now(),
          requiredClaims: ['exp', 'nbf', 'oid'],
        });
        return { ok: true, headers: { ...stripped, ...principalHeaders(payload) } };
      } catch (error) {
        return { ok: false, reason: reasonOf(jose.errors, error) };
      }
    },
  };
}
