import * as z from 'zod';

/**
 * The signed-in caller as App Service Authentication (Easy Auth) hands it to the app: the platform validates the
 * token, strips any client-sent `X-MS-CLIENT-PRINCIPAL*` header and injects its own (docs/security.md). This is the one
 * place that reads those headers; anything malformed is "no principal", never a 5xx.
 */
export interface Principal {
  name: string;
  objectId: string;
  identityProvider: string;
  /** App role values as the token carries them (`ImageAutopilot.Operator`, …). */
  roles: string[];
}

export const PRINCIPAL_HEADER = 'x-ms-client-principal';
/** The claim types Entra ID tokens use for the object ID, long form (as Easy Auth maps it) and short. */
const OBJECT_ID_CLAIMS = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
const MAX_HEADER_LENGTH = 16 * 1024;

const principalSchema = z.object({
  auth_typ: z.string().min(1).max(100),
  name_typ: z.string().max(500).optional(),
  role_typ: z.string().max(500).optional(),
  claims: z.array(z.object({ typ: z.string().max(500), val: z.string().max(2000) })).max(500),
});

export type Decoded = { ok: true; principal: Principal } | { ok: false; reason: string };

function claimValues(claims: readonly { typ: string; val: string }[], types: readonly string[]): string[] {
  return claims.filter((c) => types.includes(c.typ)).map((c) => c.val);
}

function parsePayload(header: string): unknown {
  if (header.length > MAX_HEADER_LENGTH) return undefined;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(header)) return undefined;
  try {
    return JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Decodes the platform's headers: `X-MS-CLIENT-PRINCIPAL` (base64 JSON) with `-ID`, `-NAME` and `-IDP` beside it. */
export function decodePrincipal(headers: { get(name: string): string | null }): Decoded {
  const header = headers.get(PRINCIPAL_HEADER);
  if (header === null || header.trim() === '') return { ok: false, reason: 'no X-MS-CLIENT-PRINCIPAL header (not signed in)' };
  const parsed = principalSchema.safeParse(parsePayload(header.trim()));
  if (!parsed.success) return { ok: false, reason: 'X-MS-CLIENT-PRINCIPAL is not the platform principal (base64 JSON with auth_typ and claims)' };
  const p = parsed.data;
  const roleTypes = [p.role_typ ?? 'roles', 'roles'];
  const nameTypes = [p.name_typ ?? 'name', 'name', 'preferred_username'];
  const objectId = headers.get(`${PRINCIPAL_HEADER}-id`)?.trim() || claimValues(p.claims, OBJECT_ID_CLAIMS)[0] || '';
  const name = headers.get(`${PRINCIPAL_HEADER}-name`)?.trim() || claimValues(p.claims, nameTypes)[0] || objectId;
  if (objectId === '') return { ok: false, reason: 'the principal has no object ID' };
  return {
    ok: true,
    principal: {
      name: name.slice(0, 256),
      objectId: objectId.slice(0, 128),
      identityProvider: headers.get(`${PRINCIPAL_HEADER}-idp`)?.trim() || p.auth_typ,
      roles: [...new Set(claimValues(p.claims, roleTypes))],
    },
  };
}
