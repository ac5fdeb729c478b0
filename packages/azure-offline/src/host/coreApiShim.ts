/**
 * Answers `require('@azure/functions-core')` the way the Functions worker does, so an unmodified app's
 * `@azure/functions` registers its functions with us (docs/host-protocol.md §1).
 *
 * The registry lives on `globalThis` under a registered symbol: the library caches the core API for the whole
 * process, so every copy of this module (source under vitest, compiled under dist) must share one registry.
 */
import Module from 'node:module';
import type {
  CoreFunctionMetadata,
  CoreLogCategory,
  CoreLogLevel,
  CoreProgrammingModel,
  FunctionCallback,
  HookCallback,
} from './coreApiTypes';

export const CORE_MODULE_ID = '@azure/functions-core';

export interface CapturedFunction {
  metadata: CoreFunctionMetadata;
  callback: FunctionCallback;
}

export interface CoreRegistry {
  readonly functions: Map<string, CapturedFunction>;
  readonly hooks: Map<string, HookCallback[]>;
  readonly appHookData: Record<string, unknown>;
  programmingModel?: CoreProgrammingModel;
  /** Logs the library writes outside any invocation; the running host points this at its log. */
  systemLog: (level: CoreLogLevel, category: CoreLogCategory, message: string) => void;
  /** Absolute path of the app loaded into this process, once it loaded. */
  loadedEntry?: string;
  /** URL of the host currently running in this process: two would fight over process.env and the log sink. */
  activeHost?: string;
}

class Disposable {
  static from(...likes: { dispose: () => unknown }[]): Disposable {
    return new Disposable(() => likes.forEach((like) => like.dispose()));
  }
  #callOnDispose: (() => unknown) | undefined;
  constructor(callOnDispose: () => unknown) {
    this.#callOnDispose = callOnDispose;
  }
  dispose(): unknown {
    const call = this.#callOnDispose;
    this.#callOnDispose = undefined;
    return call?.();
  }
}

const REGISTRY_KEY = Symbol.for('image-autopilot.local-host.core-registry');
const PATCHED_KEY = Symbol.for('image-autopilot.local-host.require-patched');

type GlobalSlots = { [REGISTRY_KEY]?: CoreRegistry; [PATCHED_KEY]?: boolean };

export function coreRegistry(): CoreRegistry {
  const slots = globalThis as GlobalSlots;
  slots[REGISTRY_KEY] ??= {
    functions: new Map(),
    hooks: new Map(),
    appHookData: {},
    systemLog: () => undefined,
  };
  return slots[REGISTRY_KEY];
}

function createCoreModule(registry: CoreRegistry) {
  return {
    version: '4.0.0-local',
    hostVersion: '4.1000.0-local',
    Disposable,
    registerFunction(metadata: CoreFunctionMetadata, callback: FunctionCallback): Disposable {
      if (typeof metadata?.name !== 'string' || metadata.name === '') {
        throw new Error('registerFunction: metadata.name must be a non-empty string');
      }
      const key = metadata.name.toLowerCase();
      // Function names are case-insensitive in the host (admin URLs, webhooks), as the worker enforces.
      if (registry.functions.has(key)) {
        throw new Error(`A function with name "${metadata.name}" has already been registered.`);
      }
      registry.functions.set(key, { metadata, callback });
      return new Disposable(() => registry.functions.delete(key));
    },
    registerHook(hookName: string, callback: HookCallback): Disposable {
      const known = ['preInvocation', 'postInvocation', 'appStart', 'appTerminate', 'log'];
      if (!known.includes(hookName)) {
        throw new RangeError(`Unrecognized hook "${hookName}" (known: ${known.join(', ')})`);
      }
      const list = registry.hooks.get(hookName) ?? [];
      list.push(callback);
      registry.hooks.set(hookName, list);
      return new Disposable(() => {
        const index = list.indexOf(callback);
        if (index >= 0) list.splice(index, 1);
      });
    },
    setProgrammingModel(programmingModel: CoreProgrammingModel): void {
      registry.programmingModel = programmingModel;
    },
    getProgrammingModel(): CoreProgrammingModel | undefined {
      return registry.programmingModel;
    },
    log(level: CoreLogLevel, category: CoreLogCategory, message: string): void {
      registry.systemLog(level, category, message);
    },
  };
}

/**
 * Patches `Module.prototype.require` once per process. Must run before the app's first `app.*` call: the library
 * remembers a missing core module forever ("test mode").
 */
export function installCoreApiShim(): CoreRegistry {
  const registry = coreRegistry();
  const slots = globalThis as GlobalSlots;
  if (slots[PATCHED_KEY]) return registry;
  const coreModule = createCoreModule(registry);
  const originalRequire = Module.prototype.require;
  const patched = function (this: Module, id: string): unknown {
    if (id === CORE_MODULE_ID) return coreModule;
    return originalRequire.call(this, id);
  };
  Module.prototype.require = Object.assign(patched, originalRequire);
  slots[PATCHED_KEY] = true;
  return registry;
}

/** Whether a local host patched this process's module loader (it stays patched for the life of the process). */
export function hostShimInstalled(): boolean {
  return (globalThis as GlobalSlots)[PATCHED_KEY] === true;
}
