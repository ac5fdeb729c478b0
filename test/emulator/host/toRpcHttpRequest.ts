import type { IncomingHttpHeaders } from 'node:http';
import type { RpcHttpData } from './coreApiTypes';

export interface PlainHttpRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Repeated query keys are joined with ',' as the host's query dictionary does. */
function flattenQuery(search: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of new Set(search.keys())) query[key] = search.getAll(key).join(',');
  return query;
}

/** The invocation's `http` typed data, as the host sends it to the worker (local-host-protocol.md §2). */
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
