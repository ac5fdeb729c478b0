/**
 * An offline Entra ID token issuer: RS256 access tokens shaped like Entra's v2 tokens (`iss`, `aud`, `tid`, `oid`,
 * `name`, `roles`, `iat`, `nbf`, `exp`), with the OIDC discovery document and JWKS a validator reads
 * (packages/azure-offline/docs/emulator.md#entra-id-tokens). Times are on the shared clock, so a token minted and
 * checked under a virtual clock agrees with it.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Clock } from '../clock';
import { badRequest } from './armError';

/** The emulated tenant and the app registration whose app roles the tokens carry. */
export const EMULATED_TENANT_ID = '00000000-0000-0000-0000-0000000e1a1d';
export const EMULATED_APP_CLIENT_ID = '00000000-0000-0000-0000-00000000a11a';
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
const MAX_LIFETIME_SECONDS = 10 * 365 * 86_400;

export const tokenRequestSchema = z.strictObject({
  name: z.string().min(1).max(256),
  roles: z.array(z.string().min(1).max(120)).max(50).default([]),
  oid: z.string().min(1).max(128).optional(),
  /** Overrides, for tests of what a validator must refuse. */
  aud: z.string().min(1).max(500).optional(),
  iss: z.string().min(1).max(500).optional(),
  tid: z.string().min(1).max(128).optional(),
  lifetimeSeconds: z.number().int().min(1).max(MAX_LIFETIME_SECONDS).default(DEFAULT_TOKEN_LIFETIME_SECONDS),
  /** Seconds from now to `nbf` (= `iat`): negative backdates the token (an expired one), positive is not yet valid. */
  notBeforeOffsetSeconds: z.number().int().min(-MAX_LIFETIME_SECONDS).max(MAX_LIFETIME_SECONDS).default(0),
});
export type TokenRequest = z.input<typeof tokenRequestSchema>;

export interface MintedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_on: number;
  claims: Record<string, unknown>;
}

/**
 * Entra's own issuer form. It names no port of ours, so a token minted before a restart on the same state folder (same
 * signing key) is still accepted after it; validators find the discovery document through `wellKnownConfiguration`.
 */
export const EMULATED_ISSUER = `https://login.microsoftonline.com/${EMULATED_TENANT_ID}/v2.0`;

export interface EntraIssuer {
  issuer: string;
  /** The OIDC discovery document on the identity origin (`<origin>/<tenant>/v2.0/.well-known/openid-configuration`). */
  wellKnownConfiguration(): string;
  audience: string;
  tenantId: string;
  mint(body: unknown): MintedToken;
  /** The discovery document or JWKS for a path of the identity server, or undefined when the path is not ours. */
  serve(path: string): unknown;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A stable object ID per name, like a directory would give, so the same user is the same `oid` across tokens. */
function objectIdFor(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Kept with the emulator's certificate, so a restarted emulator with a state folder still accepts its tokens' signatures. */
function loadOrCreateKey(dir: string): KeyObject {
  const file = join(dir, 'entra-signing-key.pem');
  if (existsSync(file)) return createPrivateKey(readFileSync(file, 'utf8'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return privateKey;
}

export function createEntraIssuer(options: { keyDir: string; clock: Clock; origin: () => string }): EntraIssuer {
  const privateKey = loadOrCreateKey(options.keyDir);
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const kid = createHash('sha256').update(`${String(publicJwk.n)}.${String(publicJwk.e)}`).digest('base64url').slice(0, 27);
  const issuer = EMULATED_ISSUER;
  const discoveryPath = `/${EMULATED_TENANT_ID}/v2.0/.well-known/openid-configuration`;
  const jwksPath = `/${EMULATED_TENANT_ID}/discovery/v2.0/keys`;

  return {
    issuer,
    wellKnownConfiguration: () => `${options.origin()}${discoveryPath}`,
    audience: EMULATED_APP_CLIENT_ID,
    tenantId: EMULATED_TENANT_ID,
    mint(body) {
      const parsed = tokenRequestSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw badRequest('InvalidParameter', `'${issue?.path.join('.') ?? ''}': ${issue?.message ?? 'invalid'}`);
      }
      const r = parsed.data;
      const nbf = Math.floor(options.clock.now().getTime() / 1000) + r.notBeforeOffsetSeconds;
      const claims: Record<string, unknown> = {
        aud: r.aud ?? EMULATED_APP_CLIENT_ID,
        iss: r.iss ?? issuer,
        iat: nbf,
        nbf,
        exp: nbf + r.lifetimeSeconds,
        tid: r.tid ?? EMULATED_TENANT_ID,
        oid: r.oid ?? objectIdFor(r.name),
        sub: objectIdFor(`sub:${r.name}`),
        name: r.name,
        preferred_username: r.name,
        roles: r.roles,
        ver: '2.0',
      };
      const signingInput = `${b64url({ typ: 'JWT', alg: 'RS256', kid })}.${b64url(claims)}`;
      const signature = sign('RSA-SHA256', Buffer.from(signingInput), privateKey).toString('base64url');
      return { access_token: `${signingInput}.${signature}`, token_type: 'Bearer', expires_on: nbf + r.lifetimeSeconds, claims };
    },
    serve(path) {
      if (path === discoveryPath) {
        return {
          issuer,
          jwks_uri: `${options.origin()}${jwksPath}`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
          response_types_supported: ['code', 'id_token', 'token id_token'],
          subject_types_supported: ['pairwise'],
          tenant_region_scope: 'offline',
        };
      }
      if (path === jwksPath) return { keys: [{ ...publicJwk, kid, use: 'sig', alg: 'RS256' }] };
      return undefined;
    },
  };
}
