/**
 * The few blobs the emulated Azure writes: run command output sent to `outputBlobUri` / `errorBlobUri`. Storage is not
 * emulated, so every blob is kept in the state whatever account it names, listed at `GET /_emulator/blobs` and read
 * with `GET /_emulator/blobs?uri=…`; a URI on the emulator itself (`https://127.0.0.1:<port>/_emulator/blobs/<container>/<blob>`)
 * is also served at its own path, so a client holding only the URI can download it like a blob with a SAS token.
 */
import type { EmulatorContext } from './context';
import type { BlobRecord } from './state';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URI a blob is kept under: no query (a SAS token), no fragment. */
export function blobKey(uri: string): string {
  const url = new URL(uri);
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export function putBlob(ctx: EmulatorContext, uri: string, content: string, at: number): void {
  const key = blobKey(uri);
  ctx.store.state.blobs[key] = { uri: key, content, contentType: 'text/plain; charset=utf-8', lastModified: new Date(at).toISOString() };
  ctx.store.changed();
}

/** The blob a request to the emulator itself names, by path and port (127.0.0.1 and localhost alike). */
export function localBlob(ctx: EmulatorContext, request: URL): BlobRecord | undefined {
  return Object.values(ctx.store.state.blobs).find((blob) => {
    const url = new URL(blob.uri);
    return LOCAL_HOSTS.has(url.hostname) && url.port === request.port && url.pathname === request.pathname;
  });
}

export function findBlob(ctx: EmulatorContext, uri: string): BlobRecord | undefined {
  return ctx.store.state.blobs[blobKey(uri)];
}

export function listBlobs(ctx: EmulatorContext): { uri: string; contentType: string; lastModified: string; length: number }[] {
  return Object.values(ctx.store.state.blobs).map((b) => ({ uri: b.uri, contentType: b.contentType, lastModified: b.lastModified, length: Buffer.byteLength(b.content) }));
}
