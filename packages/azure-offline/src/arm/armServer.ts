/**
 * The ARM request pipeline: bearer token → api-version → throttling → faults → settle the clock → route → handler,
 * every answer ARM-shaped and logged. Handlers never crash the server: an unexpected exception becomes a logged 500.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ArmError, armErrorBody } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import type { FaultRegistry } from './faults';
import { apiVersionProblem } from './nameRules';
import type { RequestLog } from './requestLog';
import { compileRoutes, matchRoute, normalizePath, type MethodSpec, type Route } from './router';
import { ROUTES } from './routes';
import { settle } from './settle';
import { ARM_BUCKETS, bucketFor, TokenBucket } from './throttling';
import { unknownRouteError } from './unknownRoute';

const COMPILED = compileRoutes(ROUTES);
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface ArmServerDeps {
  ctx: EmulatorContext;
  faults: FaultRegistry;
  requests: RequestLog;
  throttling: boolean;
  origin: () => string;
  /** Serves `/_emulator/*`; never logged, no token, no api-version. */
  control: (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => Promise<void>;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is drained and dropped, so the client still gets a 413 instead of a reset.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new ArmError(413, 'RequestEntityTooLarge', `The request body is ${size} bytes; the limit is ${MAX_BODY_BYTES}.`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(payload ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: ${(error as Error).message}`);
  }
}

export function createArmHandler(deps: ArmServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const buckets = {
    read: new TokenBucket(ARM_BUCKETS.read, performance.now()),
    write: new TokenBucket(ARM_BUCKETS.write, performance.now()),
    delete: new TokenBucket(ARM_BUCKETS.delete, performance.now()),
  };

  return (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      deps.ctx.log(`arm: unhandled ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, 500, armErrorBody('InternalServerError', (error as Error).message));
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    // `//subscriptions/…` would parse as a protocol-relative URL with host "subscriptions": collapse leading slashes first.
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), deps.origin());
    const path = normalizePath(url.pathname);
    const method = (req.method ?? 'GET').toUpperCase();
    let bodyText: string;
    try {
      bodyText = await readBody(req);
    } catch (error) {
      if (error instanceof ArmError && !res.headersSent) sendJson(res, error.status, armErrorBody(error.code, error.message));
      return;
    }
    if (/^\/_emulator(\/|$)/i.test(path)) {
      await deps.control(req, res, url, bodyText);
      deps.ctx.store.flushIfDirty();
      return;
    }

    const apiVersion = url.searchParams.get('api-version');
    let match: { route: Route; params: Record<string, string> } | undefined;
    let spec: MethodSpec | undefined;
    const armReq: ArmRequest = {
      method, path, query: url.searchParams, body: undefined, apiVersion: apiVersion ?? '', origin: deps.origin(), params: {}, now: 0, failRegions: [], linked: [],
    };
    let response: ArmResponse;
    let reset = false;
    const rateHeaders: Record<string, string> = {};
    try {
      match = matchRoute(COMPILED, path);
      spec = match?.route.methods[method];
      response = await answer();
    } catch (error) {
      response = toErrorResponse(error);
    }
    deps.ctx.store.flushIfDirty();

    async function answer(): Promise<ArmResponse> {
      const auth = req.headers.authorization;
      if (!auth || !/^Bearer\s+\S+/i.test(auth)) {
        throw new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.", {
          'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
        });
      }
      if (apiVersion === null || apiVersion === '') {
        throw new ArmError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
      }
      const versionProblem = apiVersionProblem(apiVersion);
      if (versionProblem) throw new ArmError(400, 'InvalidApiVersionParameter', versionProblem);
      if (deps.throttling) {
        const bucket = bucketFor(spec?.kind ?? (method === 'GET' ? 'read' : method === 'DELETE' ? 'delete' : 'write'));
        const taken = buckets[bucket].take(performance.now());
        // ARM reports what is left of the caller's bucket so clients can slow down before a 429.
        if (taken.ok) rateHeaders[`x-ms-ratelimit-remaining-subscription-${bucket === 'read' ? 'reads' : bucket === 'write' ? 'writes' : 'deletes'}`] = String(taken.remaining);
        if (!taken.ok) {
          throw new ArmError(429, 'TooManyRequests', `The request was throttled: the ${bucket} bucket is empty. Retry after ${taken.retryAfterSeconds} second(s).`, {
            'Retry-After': String(taken.retryAfterSeconds),
          });
        }
      }
      for (const fault of deps.faults.take(method, path)) {
        if (fault.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
        if (fault.reset) {
          reset = true;
          throw new ArmError(0, 'ConnectionReset', 'connection reset by a fault');
        }
        if (fault.status) {
          const code = fault.code ?? (fault.status === 429 ? 'TooManyRequests' : fault.status === 503 ? 'ServiceUnavailable' : 'InternalServerError');
          throw new ArmError(fault.status, code, fault.message ?? `Injected fault (${fault.id}).`, fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {});
        }
        if (fault.lro) armReq.lroFailure = { code: fault.code ?? 'InternalOperationError', message: fault.message ?? `The operation failed (injected fault ${fault.id}).` };
        if (fault.region) armReq.failRegions.push(fault.region);
      }
      armReq.now = deps.ctx.clock.now().getTime();
      settle(deps.ctx, armReq.now);
      if (!match) throw unknownRouteError(deps.ctx, path, apiVersion);
      if (!spec) {
        throw new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);
      }
      armReq.params = match.params;
      armReq.body = method === 'PUT' || method === 'PATCH' || method === 'POST' ? parseJson(bodyText) : undefined;
      if (method === 'PUT' && String(req.headers['if-none-match'] ?? '').trim() === '*') armReq.createOnly = true;
      return spec.handler(deps.ctx, armReq);
    }

    function toErrorResponse(error: unknown): ArmResponse {
      if (error instanceof ArmError) return { status: error.status, body: armErrorBody(error.code, error.message), headers: error.headers };
      deps.ctx.log(`arm: internal error on ${method} ${path}: ${(error as Error).stack ?? String(error)}`);
      return { status: 500, body: armErrorBody('InternalServerError', (error as Error).message ?? String(error)) };
    }

    if (reset) {
      req.socket.destroy();
    } else {
      const requestId = randomUUID();
      sendJson(res, response.status, response.body, {
        'x-ms-request-id': requestId,
        'x-ms-correlation-request-id': String(req.headers['x-ms-correlation-request-id'] ?? requestId),
        ...rateHeaders,
        ...(response.headers ?? {}),
      });
    }
    deps.requests.add({
      method,
      path,
      query: Object.fromEntries(url.searchParams.entries()),
      apiVersion,
      status: reset ? 0 : response.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      at: deps.ctx.clock.now().toISOString(),
      kind: spec?.kind ?? null,
      action: spec?.action ?? null,
      scope: match && spec ? match.route.scope(path, match.params) : null,
      linked: armReq.linked,
    });
  }
}
