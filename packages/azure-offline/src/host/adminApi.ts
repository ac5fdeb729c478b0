import type { ServerResponse } from 'node:http';
import { parseJsonBody, sendEmpty, sendJson } from './httpIo';
import { functionMetadata, type FunctionMetadataDeps } from './functionMetadata';
import type { LocalInvoker } from './invoker';
import type { RegisteredFunction, TypedData } from './ports';

export interface AdminDeps {
  invoker: LocalInvoker;
  /** Builds the trigger data for a timer function invoked by hand (the scheduler knows Last/Next). */
  timerTrigger: (fn: RegisteredFunction) => TypedData;
  status: () => 'Initializing' | 'Running' | 'Stopped';
  log: (line: string) => void;
  /** `performance.now()` at start: uptime is real time even where `Date` follows a scaled clock. */
  startedAt: number;
  metadata: FunctionMetadataDeps;
}

/** `GET /admin/functions`: every registered function's metadata, as the host lists them. */
export function listFunctions(deps: AdminDeps, res: ServerResponse): void {
  sendJson(res, 200, deps.invoker.functions().map((fn) => functionMetadata(fn, deps.metadata)));
}

/** `GET /admin/functions/{name}`: one function's metadata, 404 when no such function is registered. */
export function getFunction(deps: AdminDeps, res: ServerResponse, name: string): void {
  const fn = deps.invoker.find(name);
  if (!fn) {
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `function '${name}' is not registered` } });
    return;
  }
  sendJson(res, 200, functionMetadata(fn, deps.metadata));
}

/** Triggers the host invokes itself or through their own webhooks; the admin API cannot stand in for them. */
const NOT_ADMIN_INVOCABLE = new Set(['httptrigger', 'orchestrationtrigger', 'activitytrigger', 'entitytrigger']);

/** `POST /admin/functions/{name}` with `{ "input": … }` → 202, running the function in the background like the host. */
export function invokeByAdmin(deps: AdminDeps, res: ServerResponse, name: string, body: Buffer): void {
  const fn = deps.invoker.find(name);
  if (!fn) {
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `function '${name}' is not registered` } });
    return;
  }
  if (NOT_ADMIN_INVOCABLE.has(fn.triggerType.toLowerCase())) {
    sendJson(res, 400, {
      error: { code: 'VALIDATION_FAILED', message: `function '${fn.name}' has a ${fn.triggerType}; the admin API only runs non-HTTP, non-durable functions` },
    });
    return;
  }
  let input: unknown;
  if (body.length > 0) {
    const parsed = parseJsonBody(body);
    if (!parsed.ok) {
      sendJson(res, 400, { error: { code: 'VALIDATION_FAILED', message: parsed.message } });
      return;
    }
    if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
      sendJson(res, 400, { error: { code: 'VALIDATION_FAILED', message: 'body must be a JSON object like { "input": "…" }' } });
      return;
    }
    input = (parsed.value as { input?: unknown }).input;
  }
  const trigger: TypedData =
    fn.triggerType.toLowerCase() === 'timertrigger'
      ? deps.timerTrigger(fn)
      : { string: typeof input === 'string' ? input : input === undefined ? '' : JSON.stringify(input) };
  // The host answers before the function runs; failures show in the invocation log, as with `func start`.
  deps.invoker.invoke(fn.name, trigger).catch(() => undefined);
  sendEmpty(res, 202);
}

export function hostStatus(deps: AdminDeps, res: ServerResponse): void {
  sendJson(res, 200, {
    id: 'local-host',
    state: deps.status(),
    version: '4.1000.0-local',
    processUptime: Math.round(performance.now() - deps.startedAt),
    functions: deps.invoker.functions().map((fn) => fn.name),
  });
}
