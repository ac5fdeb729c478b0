import { createHash } from 'node:crypto';

/** One file of the status page, read once: its bytes, its type and the validator a browser revalidates with. */
export interface UiAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** Only these kinds are served: a file of any other kind in the folder (a source map, a stray file) stays private. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export function contentTypeOf(fileName: string): string | undefined {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? undefined : CONTENT_TYPES[fileName.slice(dot).toLowerCase()];
}

/**
 * The page's files by name. Requests are answered by exact lookup in this map, never by joining the requested name
 * to a folder, so `..`, encoded separators or absolute paths cannot reach any other file: they are simply not keys.
 */
export function uiAssetMap(files: Iterable<{ name: string; body: Buffer }>): ReadonlyMap<string, UiAsset> {
  const assets = new Map<string, UiAsset>();
  for (const { name, body } of files) {
    const contentType = contentTypeOf(name);
    if (contentType === undefined) continue;
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets.set(name, { body, contentType, etag });
  }
  return assets;
}
