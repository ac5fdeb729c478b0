import type { HttpRequest } from '@azure/functions';
import type { z } from 'zod';
import { firstDuplicateKey } from './duplicateJsonKey';
import type { ErrorDetail } from './errorResponse';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string; details: ErrorDetail[] };

/** `images[2].name` style paths, the same form catalog errors use. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(body)' : out;
}

/** An unknown field is named by its own path, so the caller sees which key to drop, not `(body)`. */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatIssuePath([...issue.path, key]), message: 'unknown field' }))
      : [{ path: formatIssuePath(issue.path), message: issue.message }],
  );
}

/**
 * The largest request body any route reads: 64 KiB. Every body the API defines is a few hundred bytes; the cap keeps a
 * caller from making a route buffer, parse and scan megabytes before it answers (README, HTTP API).
 */
export const MAX_BODY_BYTES = 64 * 1024;

const tooLarge = (bytes: number | string): ParseResult<never> => {
  const message = `request body is ${bytes} bytes; the limit is ${MAX_BODY_BYTES} bytes (64 KiB)`;
  return { ok: false, message, details: [{ path: '(body)', message }] };
};

/** The declared length, when the caller sent a usable Content-Length (the body is then not read at all if too large). */
function declaredLength(request: HttpRequest): number | undefined {
  const header = request.headers.get('content-length');
  if (header === null || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/**
 * Reads and validates a JSON body. Every way a body can be wrong is 400 VALIDATION_FAILED with details (docs/http-api.md#bad-input),
 * decided before the route does anything: larger than MAX_BODY_BYTES, not UTF-8, malformed JSON, a key repeated
 * within one object (at any depth; the detail names its path), schema violations. An empty body counts as `{}` so
 * optional-only bodies may be omitted.
 */
export async function parseJsonBody<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<ParseResult<z.infer<S>>> {
  const declared = declaredLength(request);
  if (declared !== undefined && declared > MAX_BODY_BYTES) return tooLarge(declared);
  let text: string;
  try {
    const bytes = await request.arrayBuffer();
    if (bytes.byteLength > MAX_BODY_BYTES) return tooLarge(bytes.byteLength);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: 'request body could not be read as UTF-8', details: [{ path: '(body)', message: 'unreadable body or not UTF-8' }] };
  }
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, message: 'request body is not valid JSON', details: [{ path: '(body)', message: reason.slice(0, 200) }] };
    }
    const duplicate = firstDuplicateKey(text);
    if (duplicate !== null) {
      // Keys are the caller's text: cut, so a 60 KiB key is not echoed back whole.
      const path = formatIssuePath(duplicate).slice(0, 300);
      const key = JSON.stringify(String(duplicate.at(-1)).slice(0, 100));
      return {
        ok: false,
        message: `request body repeats the key ${key} in one object`,
        details: [{ path, message: 'duplicate key: an object may give each key once (which value would count is ambiguous)' }],
      };
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, message: 'request body failed validation', details: zodDetails(parsed.error) };
  return { ok: true, value: parsed.data };
}
