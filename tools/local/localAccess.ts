import { randomBytes } from 'node:crypto';
import type { ArmEmulator } from '@image-autopilot/azure-offline';

export const OPERATOR_ROLE = 'ImageAutopilot.Operator';
/** Real hours the printed token lasts; the clock may run faster, so its lifetime is counted on that clock. */
const TOKEN_REAL_HOURS = 12;
const MAX_TOKEN_SECONDS = 10 * 365 * 86_400;
/** Trying retention means advancing the clock by months (POST /_emulator/clock): the token outlives that too. */
const MIN_TOKEN_SECONDS = 2 * 366 * 86_400;

/**
 * Token lifetimes are counted on the emulator's clock, which may run many times faster than wall time: a token minted
 * with the default hour would expire after a minute of real time, and one for 12 real hours after a clock advance.
 */
export function localTokenLifetimeSeconds(clockSpeed: number): number {
  return Math.min(MAX_TOKEN_SECONDS, Math.max(MIN_TOKEN_SECONDS, Math.ceil(TOKEN_REAL_HOURS * 3600 * Math.max(1, clockSpeed))));
}

export interface LocalAccess {
  /** App settings that switch the local host's App Service Authentication on. */
  settings: Record<string, string>;
  /** An Operator's token (AUTH_MODE=entra, the default). */
  token?: string;
  /** The function key the host checks (AUTH_MODE=keys). */
  functionKey?: string;
}

/**
 * How callers get in, as in Azure: with sign-in (the default) the local host plays App Service Authentication against
 * the emulator's Entra ID and an Operator's token is printed; with AUTH_MODE=keys the host checks a function key it
 * makes up for the run (docs/security.md).
 */
export function localAccess(arm: Pick<ArmEmulator, 'entra' | 'mintToken'>, settings: Record<string, string>, clockSpeed: number): LocalAccess {
  if ((settings.AUTH_MODE ?? '').trim().toLowerCase() === 'keys') return { settings: {}, functionKey: randomBytes(24).toString('base64url') };
  const token = arm.mintToken({ name: 'operator@contoso.test', roles: [OPERATOR_ROLE], lifetimeSeconds: localTokenLifetimeSeconds(clockSpeed) }).access_token;
  return {
    settings: {
      WEBSITE_AUTH_ENABLED: 'true',
      WEBSITE_AUTH_OPENID_ISSUER: arm.entra.issuer,
      WEBSITE_AUTH_OPENID_WELL_KNOWN_CONFIGURATION: arm.entra.wellKnownConfiguration,
      WEBSITE_AUTH_CLIENT_ID: arm.entra.audience,
      // The status page's static assets hold no data (authsettingsV2 excludedPaths in infra/modules/function-app.bicep).
      WEBSITE_AUTH_EXCLUDED_PATHS: '/api/ui',
    },
    token,
  };
}
