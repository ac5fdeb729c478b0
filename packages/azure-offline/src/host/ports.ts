/**
 * The seams inside the local Functions host: the worker-like invoker (part 1) and the Durable backend (part 2)
 * meet only here, so each can be built and tested on its own.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';

/** The worker protocol's RpcTypedData, reduced to the members the @azure/functions library reads and writes. */
export interface TypedData {
  string?: string;
  json?: string;
  bytes?: Uint8Array;
  int?: number;
  double?: number;
  http?: unknown;
}

export interface RegisteredBinding {
  name: string;
  type: string;
  direction: 'in' | 'out' | 'inout';
  [option: string]: unknown;
}

export interface RegisteredFunction {
  name: string;
  /** e.g. httpTrigger, timerTrigger, eventGridTrigger, orchestrationTrigger, activityTrigger, entityTrigger */
  triggerType: string;
  /** Binding options with `%SETTING%` already resolved. */
  bindings: RegisteredBinding[];
}

export interface FunctionInvoker {
  functions(): RegisteredFunction[];
  /**
   * Invokes a function the way the worker does (docs/host-protocol.md §2): the trigger's typed data in, the
   * `$return` value out, already converted from typed data (HTTP responses stay `{ http: … }` shaped for the
   * server). Rejects with the function's own error.
   */
  invoke(functionName: string, trigger: TypedData, options?: { invocationId?: string }): Promise<unknown>;
}

export interface DurableBackend {
  /** JSON value of every `durableClient` input binding (docs/host-protocol.md §7). */
  clientBinding(): Record<string, unknown>;
  /** Serves the Durable HTTP API; resolves false when the path is not its own. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface DurableBackendDeps {
  invoker: FunctionInvoker;
  clock: Clock;
  /** Origin of the local host, e.g. http://127.0.0.1:7071 — status URLs point back at it. */
  baseUrl: string;
  taskHubName: string;
  /** Where instances and histories persist; undefined keeps them in memory. */
  stateDir?: string;
  log: (message: string) => void;
}

export type DurableBackendFactory = (deps: DurableBackendDeps) => DurableBackend;
