import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../httpIo';
import { durableApiPath, managementUrls } from './clientBinding';
import { isTerminal, type InstanceRecord } from './instanceRecord';
import { listPage, parseBoolean, parseListQuery, QueryError } from './listQuery';
import type { OrchestrationEngine } from './orchestrationEngine';
import { statusPayload } from './statusPayload';

export interface DurableHttpApiDeps {
  engine: OrchestrationEngine;
  baseUrl: string;
  taskHubName: string;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (id: string) => new ApiError(404, 'NOT_FOUND', `no orchestration instance with ID '${id}'`);

/** Azure Storage's rules for instance IDs (the extension rejects the same ones). */
function checkInstanceId(id: string): void {
  if (id.length === 0 || id.length > 256) throw new ApiError(400, 'VALIDATION_FAILED', `instanceId: must be 1 to 256 characters, got ${id.length}`);
  // eslint-disable-next-line no-control-regex
  if (/[/\\#?\u0000-\u001f\u007f-\u009f]/.test(id)) {
    throw new ApiError(400, 'VALIDATION_FAILED', `instanceId: must not contain '/', '\\', '#', '?' or control characters, got '${id}'`);
  }
}

/** An absent or empty body means "no input"; anything else must be JSON and is kept as its text. */
async function readJsonText(req: IncomingMessage, field: string): Promise<string | undefined> {
  const text = (await readBody(req)).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, 'VALIDATION_FAILED', `${field}: request body must be JSON (${(error as Error).message})`);
  }
  return text;
}

/**
 * The extension's Durable HTTP API (HttpApiHandler), served under /runtime/webhooks/durabletask/ — which is also the
 * client binding's rpcBaseUrl, so the SDK client and curl users hit the same routes and status codes.
 */
export class DurableHttpApi {
  readonly #deps: DurableHttpApiDeps;

  constructor(deps: DurableHttpApiDeps) {
    this.#deps = deps;
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (!url.pathname.startsWith(durableApiPath) && url.pathname !== durableApiPath.slice(0, -1)) return false;
    try {
      await this.#route(req, res, url);
    } catch (error) {
      if (error instanceof ApiError) sendJson(res, error.status, { error: { code: error.code, message: error.message } });
      else if (error instanceof QueryError) sendJson(res, 400, { error: { code: 'VALIDATION_FAILED', message: error.message } });
      else if (error instanceof BodyTooLargeError) sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: error.message } });
      else throw error;
    }
    return true;
  }

  async #route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const segments = url.pathname
      .slice(durableApiPath.length)
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    const method = req.method ?? 'GET';
    const [resource, id, action, actionArg] = segments;

    if (resource === 'orchestrators' && id !== undefined && segments.length <= 3) {
      if (method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on orchestrators/; use POST`);
      return this.#start(req, res, id, action);
    }
    if (resource === 'instances' && id === undefined) {
      if (method === 'GET') return this.#list(req, res, url);
      if (method === 'DELETE') return this.#purgeMany(req, res, url);
      throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on instances/; use GET or DELETE`);
    }
    if (resource === 'instances' && id !== undefined && action === undefined) {
      if (method === 'GET') return this.#status(res, url, id);
      if (method === 'DELETE') return this.#purge(res, id);
      throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on instances/{id}; use GET or DELETE`);
    }
    if (resource === 'instances' && id !== undefined && action !== undefined) {
      if (method !== 'POST') throw new ApiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on instances/{id}/${action}; use POST`);
      if (action === 'raiseEvent' && actionArg !== undefined && segments.length === 4) return this.#raiseEvent(req, res, id, actionArg);
      if (action === 'terminate' && segments.length === 3) return this.#terminate(res, url, id);
      if ((action === 'suspend' || action === 'resume') && segments.length === 3) return this.#suspendOrResume(res, url, id, action);
      if (['rewind', 'restart'].includes(action) && segments.length === 3) {
        throw new ApiError(501, 'NOT_SUPPORTED', `${action} is not supported by the local host`);
      }
    }
    throw new ApiError(404, 'NOT_FOUND', `no Durable HTTP API route for ${method} ${url.pathname}`);
  }

  #record(id: string): InstanceRecord {
    const record = this.#deps.engine.store.get(id);
    if (!record) throw notFound(id);
    return record;
  }

  #checkStatusPayload(id: string): Record<string, string> {
    return managementUrls(this.#deps.baseUrl, this.#deps.taskHubName, encodeURIComponent(id));
  }

  async #start(req: IncomingMessage, res: ServerResponse, functionName: string, requestedId: string | undefined): Promise<void> {
    const fn = this.#deps.engine.orchestratorFunction(functionName);
    if (!fn) throw new ApiError(400, 'VALIDATION_FAILED', `functionName: '${functionName}' is not an orchestrator function registered by the app`);
    const instanceId = requestedId ?? crypto.randomUUID().replaceAll('-', '');
    checkInstanceId(instanceId);
    const input = await readJsonText(req, 'input');
    const result = this.#deps.engine.startNew(fn.name, instanceId, input);
    const payload = this.#checkStatusPayload(instanceId);
    const location = payload.statusQueryGetUri ?? '';
    if (result.kind === 'conflict') {
      sendJson(
        res,
        409,
        { error: { code: 'INSTANCE_RUNNING', message: `an instance with ID '${instanceId}' is already ${result.record.runtimeStatus}` }, ...payload },
        { Location: location },
      );
      return;
    }
    sendJson(res, 202, payload, { Location: location, 'Retry-After': '10' });
  }

  #status(res: ServerResponse, url: URL, id: string): void {
    const record = this.#record(id);
    const params = url.searchParams;
    const body = statusPayload(record, {
      showInput: parseBoolean('showInput', params.get('showInput'), true),
      showHistory: parseBoolean('showHistory', params.get('showHistory'), false),
      showHistoryOutput: parseBoolean('showHistoryOutput', params.get('showHistoryOutput'), false),
    });
    if (isTerminal(record.runtimeStatus)) sendJson(res, 200, body);
    else sendJson(res, 202, body, { Location: this.#checkStatusPayload(id).statusQueryGetUri ?? '', 'Retry-After': '5' });
  }

  #list(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const token = req.headers['x-ms-continuation-token'];
    const query = parseListQuery(url.searchParams, Array.isArray(token) ? token[0] : token);
    const { page, next } = listPage(this.#deps.engine.store.all(), query);
    const body = page.map((r) => statusPayload(r, { showInput: query.showInput, showHistory: false, showHistoryOutput: false }));
    sendJson(res, 200, body, next ? { 'x-ms-continuation-token': next } : {});
  }

  #purge(res: ServerResponse, id: string): void {
    const record = this.#record(id);
    if (!this.#deps.engine.purge(record)) {
      throw new ApiError(412, 'INSTANCE_NOT_TERMINAL', `instance '${id}' is ${record.runtimeStatus}; only finished instances can be purged`);
    }
    sendJson(res, 200, { instancesDeleted: 1 });
  }

  #purgeMany(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const query = parseListQuery(url.searchParams, undefined);
    const { page } = listPage(this.#deps.engine.store.all(), { ...query, top: undefined });
    let deleted = 0;
    for (const record of page) if (this.#deps.engine.purge(record)) deleted++;
    if (deleted === 0) throw new ApiError(404, 'NOT_FOUND', 'no finished instances matched the filters');
    sendJson(res, 200, { instancesDeleted: deleted });
  }

  async #raiseEvent(req: IncomingMessage, res: ServerResponse, id: string, eventName: string): Promise<void> {
    const record = this.#record(id);
    const input = await readJsonText(req, 'eventData');
    if (!this.#deps.engine.raiseEvent(record, eventName, input)) {
      throw new ApiError(410, 'INSTANCE_FINISHED', `instance '${id}' is ${record.runtimeStatus}; it cannot receive events`);
    }
    sendJson(res, 202, {});
  }

  #suspendOrResume(res: ServerResponse, url: URL, id: string, action: 'suspend' | 'resume'): void {
    const record = this.#record(id);
    const reason = url.searchParams.get('reason') ?? '';
    const done = action === 'suspend' ? this.#deps.engine.suspend(record, reason) : this.#deps.engine.resume(record, reason);
    if (!done) throw new ApiError(410, 'INSTANCE_FINISHED', `instance '${id}' is already ${record.runtimeStatus}; it cannot ${action}`);
    sendJson(res, 202, {});
  }

  #terminate(res: ServerResponse, url: URL, id: string): void {
    const record = this.#record(id);
    if (!this.#deps.engine.terminate(record, url.searchParams.get('reason') ?? '')) {
      throw new ApiError(410, 'INSTANCE_FINISHED', `instance '${id}' is already ${record.runtimeStatus}`);
    }
    sendJson(res, 202, {});
  }
}
