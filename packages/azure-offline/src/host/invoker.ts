import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CoreRegistry } from './coreApiShim';
import type { CoreInvocationContext, CoreLogCategory, CoreLogLevel, CoreParameterBinding, FunctionCallback } from './coreApiTypes';
import { fromTypedData } from './fromTypedData';
import type { InvocationLog, InvocationRecord } from './invocationLog';
import type { DurableBackend, FunctionInvoker, RegisteredFunction, TypedData } from './ports';
import { triggerBinding } from './toRegisteredFunction';
import { UnsupportedOutputBindingError, undeliveredOutputs } from './undeliveredOutputs';

export interface InvokeOptions {
  invocationId?: string;
  /** Shown in the `Executing … (Reason='…')` line. */
  reason?: string;
  triggerMetadata?: Record<string, TypedData>;
}

export class FunctionNotFoundError extends Error {
  constructor(readonly functionName: string) {
    super(`function '${functionName}' is not registered by the app`);
    this.name = 'FunctionNotFoundError';
  }
}

export interface LocalInvokerDeps {
  registry: CoreRegistry;
  functions: readonly RegisteredFunction[];
  /** Read at each invocation so a backend can be attached after the invoker exists (the backend needs the invoker). */
  durable: () => DurableBackend | undefined;
  log: InvocationLog;
}

const DURABLE_CLIENT_TYPES = new Set(['durableclient', 'orchestrationclient']);
const API_REASON = 'This function was programmatically called via the host APIs.';
// The Durable extension triggers its functions without a reason; the real host prints it as '(null)'.
const DURABLE_TRIGGERS = new Set(['orchestrationtrigger', 'activitytrigger', 'entitytrigger']);

/**
 * Runs a registered function exactly as the Node.js worker's InvocationHandler does: the app's programming model
 * builds the arguments, hooks run around the call, and the model converts the result (docs/host-protocol.md §2).
 */
export class LocalInvoker implements FunctionInvoker {
  readonly #deps: LocalInvokerDeps;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(deps: LocalInvokerDeps) {
    this.#deps = deps;
  }

  functions(): RegisteredFunction[] {
    return [...this.#deps.functions];
  }

  find(functionName: string): RegisteredFunction | undefined {
    const wanted = functionName.toLowerCase();
    return this.#deps.functions.find((fn) => fn.name.toLowerCase() === wanted);
  }

  invoke(functionName: string, trigger: TypedData, options: InvokeOptions = {}): Promise<unknown> {
    const running = this.#invoke(functionName, trigger, options);
    this.#inFlight.add(running);
    const forget = () => this.#inFlight.delete(running);
    running.then(forget, forget);
    return running;
  }

  /** Waits for running invocations (stop and restart must not cut a function off mid-way), at most `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((done) => {
      timer = setTimeout(done, timeoutMs);
      timer.unref();
    });
    await Promise.race([Promise.allSettled([...this.#inFlight]), timeout]);
    clearTimeout(timer);
  }

  async #invoke(functionName: string, trigger: TypedData, options: InvokeOptions): Promise<unknown> {
    const fn = this.find(functionName);
    const captured = this.#deps.registry.functions.get(functionName.toLowerCase());
    if (!fn || !captured) throw new FunctionNotFoundError(functionName);
    const programmingModel = this.#deps.registry.programmingModel;
    if (!programmingModel) throw new Error('the app registered functions but never set a programming model (is @azure/functions loaded?)');

    const invocationId = options.invocationId ?? randomUUID();
    const defaultReason = DURABLE_TRIGGERS.has(fn.triggerType.toLowerCase()) ? '(null)' : API_REASON;
    const record = this.#deps.log.begin(fn.name, invocationId, options.reason ?? defaultReason);
    const started = performance.now();
    try {
      const inputData = this.#inputData(fn, trigger);
      // Filled after getArguments: logs written before that (by the model itself) have no invocation context yet.
      const current: { context?: unknown } = {};
      const coreCtx: CoreInvocationContext = {
        invocationId,
        request: { invocationId, functionId: fn.name, inputData, triggerMetadata: options.triggerMetadata },
        metadata: captured.metadata,
        log: (level, category, message) => this.#onLog(record, coreCtx, current.context, { level, category, message }),
      };
      const model = await programmingModel.getInvocationModel(coreCtx);
      const hookData: Record<string, unknown> = {};
      const { context, inputs } = await model.getArguments();
      current.context = context;
      const pre = { hookData, appHookData: this.#deps.registry.appHookData, invocationContext: context, inputs, functionCallback: captured.callback };
      coreCtx.state = 'preInvocationHooks';
      await this.#runHooks('preInvocation', pre);
      coreCtx.state = 'invocation';
      const post = { hookData, appHookData: this.#deps.registry.appHookData, invocationContext: context, inputs: pre.inputs, result: null as unknown, error: null as unknown };
      try {
        post.result = await model.invokeFunction(context, pre.inputs, pre.functionCallback as FunctionCallback);
      } catch (error) {
        post.error = error;
      }
      coreCtx.state = 'postInvocationHooks';
      await this.#runHooks('postInvocation', post);
      coreCtx.state = undefined;
      if (post.error !== null && post.error !== undefined) throw post.error;
      const response = await model.getResponse(context, post.result);
      const undelivered = undeliveredOutputs(fn, response.outputData);
      if (undelivered.length > 0) throw new UnsupportedOutputBindingError(fn.name, undelivered);
      this.#deps.log.end(record, performance.now() - started);
      return fromTypedData(response.returnValue);
    } catch (error) {
      this.#deps.log.end(record, performance.now() - started, error);
      throw error;
    }
  }

  #inputData(fn: RegisteredFunction, trigger: TypedData): CoreParameterBinding[] {
    // The trigger entry is always sent, even empty: without it the library passes the context as first argument.
    const inputs: CoreParameterBinding[] = [{ name: triggerBinding(fn).name, data: trigger }];
    for (const binding of fn.bindings) {
      if (binding.direction !== 'in' || /trigger$/i.test(binding.type)) continue;
      if (!DURABLE_CLIENT_TYPES.has(binding.type.toLowerCase())) {
        throw new Error(`function '${fn.name}': input binding '${binding.name}' of type '${binding.type}' is not supported by the local host (only durableClient inputs are)`);
      }
      const durable = this.#deps.durable();
      if (!durable) {
        throw new Error(
          `function '${fn.name}': input binding '${binding.name}' is a durable client, but the local host was started without a Durable backend (LocalHostOptions.durable)`,
        );
      }
      inputs.push({ name: binding.name, data: { string: JSON.stringify(durable.clientBinding()) } });
    }
    return inputs;
  }

  async #runHooks(name: string, context: Record<string, unknown>): Promise<void> {
    for (const hook of [...(this.#deps.registry.hooks.get(name) ?? [])]) await hook(context);
  }

  #onLog(
    record: InvocationRecord,
    coreCtx: CoreInvocationContext,
    invocationContext: unknown,
    { level, category, message }: { level: CoreLogLevel; category: CoreLogCategory; message: string },
  ): void {
    // Log hooks may rewrite level and message of user logs, as in the worker.
    const hookContext = { hookData: {}, appHookData: this.#deps.registry.appHookData, invocationContext, category, level, message };
    for (const hook of this.#deps.registry.hooks.get('log') ?? []) hook(hookContext);
    if (category === 'user') {
      this.#deps.log.userLog(record, hookContext.level, hookContext.message);
    } else if (level === 'warning' || level === 'error' || level === 'critical') {
      this.#deps.log.line(`${level}: ${message} (Functions.${coreCtx.metadata.name}, Id=${coreCtx.invocationId})`);
    }
  }
}
