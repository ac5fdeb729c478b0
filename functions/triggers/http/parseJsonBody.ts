import type { HttpRequest } from '@azure/functions';
import type { z } from 'zod';
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

export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
}

/**
 * Reads and validates a JSON body. Malformed JSON and schema violations are both 400 VALIDATION_FAILED with
 * details (DESIGN.md §7); an empty body counts as `{}` so optional-only bodies may be omitted.
 */
export async function parseJsonBody<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<ParseResult<z.infer<S>>> {
  let text: string;
  try {
    text = await request.text();
  } catch {
    return { ok: false, message: 'request body could not be read', details: [{ path: '(body)', message: 'unreadable body' }] };
  }
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, message: 'request body is not valid JSON', details: [{ path: '(body)', message: reason }] };
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, message: 'request body failed validation', details: zodDetails(parsed.error) };
  return { ok: true, value: parsed.data };
}
