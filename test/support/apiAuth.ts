/**
 * The bearer token test helpers attach to requests to the app's /api routes: the local host plays App Service
 * Authentication, so every call needs one. `startAppHost` mints an Admin token from the stack's emulated Entra ID and
 * makes it the default; a test that checks roles or sign-in passes its own `authorization` header (or none).
 */
export const ADMIN_ROLE = 'ImageAutopilot.Admin';
/** The name of the default caller `startAppHost` signs the helpers in as: runs they start record it as `requestedBy`. */
export const TEST_CALLER_NAME = 'e2e-admin@contoso.test';
/** Long enough for any test's virtual clock: the host validates exp on the shared clock. */
export const TEST_TOKEN_LIFETIME_SECONDS = 5 * 365 * 86_400;

let defaultToken: string | undefined;

export function useApiToken(token: string | undefined): void {
  defaultToken = token;
}

/** The default token, for clients that take one of their own (the CLI's IMAGE_AUTOPILOT_TOKEN). */
export function apiToken(): string | undefined {
  return defaultToken;
}

/** Pass as headers for a call without any token. */
export const NO_TOKEN: Record<string, string> = { authorization: '' };

/**
 * The headers with `authorization: Bearer <default token>` unless they name their own; an empty one (NO_TOKEN) means
 * none is sent.
 */
export function withApiAuth(headers: Record<string, string> = {}): Record<string, string> {
  const named = Object.keys(headers).find((h) => h.toLowerCase() === 'authorization');
  if (named !== undefined) return headers[named] === '' ? Object.fromEntries(Object.entries(headers).filter(([h]) => h !== named)) : headers;
  return defaultToken === undefined ? headers : { ...headers, authorization: `Bearer ${defaultToken}` };
}

/** fetch for the app's /api routes, signed in as the default token's caller. */
export function apiFetch(url: string, init: Omit<RequestInit, 'headers'> & { headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(url, { ...init, headers: withApiAuth(init.headers) });
}
