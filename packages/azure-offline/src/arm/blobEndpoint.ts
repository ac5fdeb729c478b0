/** `/_emulator/blobs`: the blob store of blobStore.ts over HTTP (GET only; no token, like a blob URL with a SAS). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { armErrorBody } from './armError';
import { sendJson } from './armServer';
import type { EmulatorContext } from './context';
import { findBlob, listBlobs, localBlob } from './blobStore';
import { settle } from './settle';

export function isBlobPath(pathname: string): boolean {
  return /^\/_emulator\/blobs(\/|$)/i.test(pathname);
}

export function serveBlobs(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL): void {
  if ((req.method ?? 'GET').toUpperCase() !== 'GET') {
    sendJson(res, 405, armErrorBody('MethodNotAllowed', 'The emulated blob store only answers GET.'), { Allow: 'GET' });
    return;
  }
  // Run commands write their blobs when they finish, which the clock decides.
  settle(ctx, ctx.clock.now().getTime());
  const wanted = url.searchParams.get('uri');
  if (/^\/_emulator\/blobs\/?$/i.test(url.pathname) && wanted === null) {
    sendJson(res, 200, { blobs: listBlobs(ctx) });
    return;
  }
  let blob;
  try {
    blob = wanted === null ? localBlob(ctx, url) : findBlob(ctx, wanted);
  } catch {
    sendJson(res, 400, armErrorBody('InvalidUri', `'uri' must be an absolute URI; got '${wanted ?? ''}'.`));
    return;
  }
  if (!blob) {
    sendJson(res, 404, armErrorBody('BlobNotFound', `The specified blob does not exist: ${wanted ?? url.pathname}.`));
    return;
  }
  const body = Buffer.from(blob.content, 'utf8');
  res.writeHead(200, { 'Content-Type': blob.contentType, 'Content-Length': body.length, 'Last-Modified': new Date(blob.lastModified).toUTCString() });
  res.end(body);
}
