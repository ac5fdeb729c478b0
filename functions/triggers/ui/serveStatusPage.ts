import type { HttpRequest, HttpResponse, HttpResponseInit } from '@azure/functions';
import { notFound } from '../http/errorResponse';
import type { UiAsset } from './uiAssets';

export const STATUS_PAGE = 'index.html';

/**
 * Self only, nothing inline: the page's script and style are files of its own, and its data comes from the same
 * origin's API. A script injected through data the page shows has nowhere to run and nowhere to send anything.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // File names carry no content hash, so a browser keeps each file but revalidates it (a 304 costs no body).
  'Cache-Control': 'no-cache',
};

/**
 * `GET /api/ui/{*asset}` (docs/ui.md): the status page's static files. No asset (`/api/ui`, `/api/ui/`) is a redirect
 * to the page, so relative links resolve under `/api/ui/`. The files hold no data: what the page shows it reads from
 * the public API with the caller's own credentials.
 */
export function createServeStatusPageHandler(assets: () => ReadonlyMap<string, UiAsset>) {
  return (request: HttpRequest): HttpResponseInit | HttpResponse => {
    const name = request.params['asset'] ?? '';
    if (name === '' || name === '/') {
      const path = new URL(request.url).pathname.replace(/\/+$/, '');
      const query = new URL(request.url).search;
      return { status: 302, headers: { Location: `${path}/${STATUS_PAGE}${query}`, 'Cache-Control': 'no-cache' } };
    }
    const asset = assets().get(name);
    if (asset === undefined) {
      const missing = notFound('the status page has no such file', 'asset');
      missing.headers.set('X-Content-Type-Options', 'nosniff');
      return missing;
    }
    const headers = { ...SECURITY_HEADERS, 'Content-Type': asset.contentType, ETag: asset.etag };
    if (request.headers.get('if-none-match') === asset.etag) return { status: 304, headers };
    return { status: 200, headers, body: asset.body };
  };
}
