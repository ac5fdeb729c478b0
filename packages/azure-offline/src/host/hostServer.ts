import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { getFunction, hostStatus, invokeByAdmin, listFunctions, type AdminDeps } from './adminApi';
import { handleEventGridWebhook } from './eventGridWebhook';
import type { HttpRouter } from './httpRouter';
import { BodyTooLargeError, readBody, sendEmpty, sendJson, sendText } from './httpIo';
import type { LocalInvoker } from './invoker';
import type { DurableBackend, RegisteredFunction } from './ports';
import { toRpcHttpRequest } from './toRpcHttpRequest';
import { writeRpcHttpResponse } from './writeRpcHttpResponse';
import type { RpcHttpData } from './coreApiTypes';
import { withoutClientPrincipal, type EasyAuth } from './easyAuth';
import { hasFunctionKey } from './functionKeys';

export const DURABLE_WEBHOOK_PREFIX = '/runtime/webhooks/durabletask/';

/** Filled in once the app is loaded: the server is bound first so the port is known before the app reads the env. */
export interface HostRuntime {
  invoker: LocalInvoker;
  router: HttpRouter;
  admin: AdminDeps;
  durable?: DurableBackend;
  /** false for functions switched off by `AzureWebJobs.<name>.Disabled`. */
  enabled: (fn: RegisteredFunction) => boolean;
}

export interface HostServerOptions {
  routePrefix: string;
  runtime: () => HostRuntime | undefined;
  log: (line: string) => void;
  /** App Service Authentication in front of the routes (easyAuth.ts). */
  easyAuth?: EasyAuth;
  /** Checked for `authLevel: 'function'` routes when set (functionKeys.ts). */
  functionKey?: string;
}

function prefixPath(prefix: string, path: string): string | undefined {
  if (prefix === '') return path;
  const lower = path.toLowerCase();
  const start = `/${prefix.toLowerCase()}`;
  if (lower === start) return '/';
  if (lower.startsWith(start + '/')) return path.slice(start.length);
  return undefined;
}

async function dispatch(options: HostServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  const path = url.pathname;
  const runtime = options.runtime();
  if (!runtime) {
    // Start-up scripts poll the status until Running; everything else waits for the app.
    if (path.toLowerCase() === '/admin/host/status') return sendJson(res, 200, { state: 'Initializing', functions: [] });
    return sendText(res, 503, 'the local host is still loading the app', { 'retry-after': '1' });
  }

  // The Durable backend reads its own request body, so it is handed the untouched request.
  if (path.toLowerCase().startsWith(DURABLE_WEBHOOK_PREFIX)) {
    if (!runtime.durable) {
      return sendJson(res, 501, {
        error: { code: 'NOT_IMPLEMENTED', message: 'the Durable HTTP API needs a Durable backend: start the local host with the `durable` option' },
      });
    }
    if (await runtime.durable.handle(req, res, url)) return;
    return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no Durable route for ${method} ${path}` } });
  }

  const body = await readBody(req);
  // The platform drops client-sent principal headers on every request, whatever the path.
  const headers = options.easyAuth === undefined ? req.headers : withoutClientPrincipal(req.headers);
  const lowerPath = path.toLowerCase().replace(/\/+$/, '');
  if (lowerPath === '/runtime/webhooks/eventgrid') {
    return handleEventGridWebhook(runtime.invoker, runtime.enabled, res, { method, url, headers, body });
  }
  if (lowerPath === '/admin/host/status') {
    if (method !== 'GET') return sendEmpty(res, 405, { allow: 'GET' });
    return hostStatus(runtime.admin, res);
  }
  if (lowerPath === '/admin/functions') {
    if (method !== 'GET') return sendEmpty(res, 405, { allow: 'GET' });
    return listFunctions(runtime.admin, res);
  }
  const admin = /^\/admin\/functions\/([^/]+)$/i.exec(path.replace(/\/+$/, ''));
  if (admin?.[1] !== undefined) {
    if (method === 'GET') return getFunction(runtime.admin, res, decodeURIComponent(admin[1]));
    if (method !== 'POST') return sendEmpty(res, 405, { allow: 'GET, POST' });
    return invokeByAdmin(runtime.admin, res, decodeURIComponent(admin[1]), body);
  }

  const routePath = prefixPath(options.routePrefix, path);
  if (routePath === undefined) return sendEmpty(res, 404);
  const match = runtime.router.match(method, routePath);
  if (match.kind === 'notFound') return sendEmpty(res, 404);
  if (match.kind === 'methodNotAllowed') return sendEmpty(res, 405, { allow: match.allowed.join(', ') });
  let routeHeaders = headers;
  if (options.easyAuth !== undefined) {
    const outcome = await options.easyAuth.authenticate(path, req.headers);
    if (!outcome.ok) {
      options.log(`App Service Authentication: 401 for ${method} ${JSON.stringify(path.slice(0, 200))}: ${outcome.reason}`);
      return sendJson(res, 401, { error: { code: 'UNAUTHENTICATED', message: `sign in first: ${outcome.reason}`, details: [] } }, { 'www-authenticate': 'Bearer' });
    }
    routeHeaders = outcome.headers;
  }
  if (options.functionKey !== undefined && !hasFunctionKey(match.fn, url, req.headers, options.functionKey)) {
    return sendJson(res, 401, { error: { code: 'UNAUTHENTICATED', message: 'this function needs a function key (x-functions-key header or ?code=)', details: [] } });
  }
  const http = toRpcHttpRequest({ method, url, headers: routeHeaders, body }, match.params);
  let result: unknown;
  try {
    result = await runtime.invoker.invoke(match.fn.name, { http });
  } catch {
    // Like the real host: the failure is in the log, the client gets a bare 500.
    return sendEmpty(res, 500);
  }
  const returned = (result as { http?: RpcHttpData } | undefined)?.http;
  writeRpcHttpResponse(res, returned);
}

export function createHostServer(options: HostServerOptions): Server {
  return createServer((req, res) => {
    dispatch(options, req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        if (!res.headersSent) sendText(res, 413, error.message);
        return;
      }
      // A client that hung up mid-request is not the host's failure.
      if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
        res.destroy();
        return;
      }
      options.log(`local host: unhandled error serving ${req.method} ${req.url}: ${error instanceof Error ? error.stack : String(error)}`);
      if (!res.headersSent) sendEmpty(res, 500);
      else res.destroy();
    });
  });
}
