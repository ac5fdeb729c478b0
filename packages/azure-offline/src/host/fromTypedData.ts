import type { TypedData } from './ports';

/**
 * Turns a `$return` typed data back into the value the function returned (docs/host-protocol.md §2). HTTP stays
 * `{ http }` because only the HTTP server knows how to write it; strings are NOT JSON-parsed, since the library
 * already sent objects as `json` and a string result must stay a string.
 */
export function fromTypedData(data: TypedData | null | undefined): unknown {
  if (data === null || data === undefined) return data;
  if (data.http !== undefined && data.http !== null) return { http: data.http };
  if (data.json !== undefined && data.json !== null) return JSON.parse(data.json);
  if (data.string !== undefined && data.string !== null) return data.string;
  if (data.int !== undefined && data.int !== null) return Number(data.int);
  if (data.double !== undefined && data.double !== null) return data.double;
  if (data.bytes !== undefined && data.bytes !== null) return Buffer.from(data.bytes);
  return undefined;
}
