import type { IncomingHttpHeaders } from 'node:http';
import type { RpcHttpData } from './coreApiTypes';

export interface PlainHttpRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// Object.fromEntries keeps client-chosen names such as "__proto__" as plain keys.
function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])),
  );
}

/** Repeated query keys are joined with ',' as the host's query dictionary does. */
export function flattenQuery(search: URLSearchParams): Record<string, string> {
  return Object.fromEntries([...new Set(search.keys())].map((key) => [key, search.getAll(key).join(',')]));
}

/** The invocation's `http` typed data, as the host sends it to the worker (docs/host-protocol.md §2). */
export function toRpcHttpRequest(request: PlainHttpRequest, params: Record<string, string>): RpcHttpData {
  const data: RpcHttpData = {
    method: request.method.toUpperCase(),
    url: request.url.toString(),
    headers: flattenHeaders(request.headers),
    query: flattenQuery(request.url.searchParams),
    params,
  };
  if (request.body.length > 0) {
    data.body = { bytes: new Uint8Array(request.body) };
    data.rawBody = { string: request.body.toString('utf8') };
  }
  return data;
}
