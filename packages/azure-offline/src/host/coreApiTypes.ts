/**
 * The slice of the worker's `@azure/functions-core` contract the local host implements (types-core/index.d.ts in
 * Azure/azure-functions-nodejs-library). Declared here because that module only exists inside the real worker.
 */
import type { TypedData } from './ports';

export interface CoreBindingInfo {
  type?: string | null;
  direction?: 'in' | 'out' | 'inout' | null;
  [option: string]: unknown;
}

export interface CoreFunctionMetadata {
  name: string;
  functionId?: string;
  bindings: Record<string, CoreBindingInfo>;
  retryOptions?: unknown;
}

export type FunctionCallback = (...args: unknown[]) => unknown;

export interface CoreParameterBinding {
  name: string;
  data: TypedData;
}

export interface CoreInvocationRequest {
  invocationId: string;
  functionId: string;
  inputData: CoreParameterBinding[];
  triggerMetadata?: Record<string, TypedData>;
}

export type CoreLogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';
export type CoreLogCategory = 'user' | 'system' | 'customMetric';

export interface CoreInvocationContext {
  invocationId: string;
  request: CoreInvocationRequest;
  metadata: CoreFunctionMetadata;
  state?: 'preInvocationHooks' | 'postInvocationHooks' | 'invocation';
  log(level: CoreLogLevel, category: CoreLogCategory, message: string): void;
}

export interface CoreInvocationResponse {
  invocationId?: string;
  outputData?: CoreParameterBinding[];
  returnValue?: TypedData | null;
}

export interface CoreInvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<CoreInvocationResponse>;
}

export interface CoreProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreContext: CoreInvocationContext): CoreInvocationModel | Promise<CoreInvocationModel>;
  getCapabilities?(capabilities: Record<string, string>): Record<string, string> | Promise<Record<string, string>>;
}

export type HookCallback = (context: Record<string, unknown>) => unknown;

/** The worker protocol's RpcHttpData as far as the local host reads or writes it. */
export interface RpcHttpData {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  params?: Record<string, string>;
  body?: TypedData | null;
  rawBody?: TypedData | null;
  statusCode?: string;
  cookies?: RpcHttpCookie[];
  enableContentNegotiation?: boolean;
}

export interface RpcHttpCookie {
  name: string;
  value: string;
  domain?: { value?: string } | null;
  path?: { value?: string } | null;
  expires?: { value?: { seconds?: number | null } | null } | null;
  secure?: { value?: boolean } | null;
  httpOnly?: { value?: boolean } | null;
  sameSite?: 'none' | 'lax' | 'strict' | 'explicitNone' | null;
  maxAge?: { value?: number } | null;
}
