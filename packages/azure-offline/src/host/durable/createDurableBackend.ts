import type { DurableBackend, DurableBackendDeps, DurableBackendFactory } from '../ports';
import { clientBinding } from './clientBinding';
import { DurableHttpApi } from './durableHttpApi';
import { InstanceStore } from './instanceStore';
import { OrchestrationEngine } from './orchestrationEngine';

export interface DurableBackendOptions {
  /** Activities running at once (host.json maxConcurrentActivityFunctions); default 10. */
  activityConcurrency?: number;
  /** Orchestrator episodes running at once (maxConcurrentOrchestratorFunctions); default 10. */
  orchestratorConcurrency?: number;
  /** Most inbound events per episode; default 100 (see EngineOptions.maxEventsPerEpisode). */
  maxEventsPerEpisode?: number;
}

export interface LocalDurableBackend extends DurableBackend {
  /** For tests and benchmarks that want to wait for quiet or read counters; the HTTP API is the normal way in. */
  readonly engine: OrchestrationEngine;
}

/** Builds a backend with options; `createDurableBackend` is this with the defaults. */
export function durableBackendFactory(options: DurableBackendOptions = {}): (deps: DurableBackendDeps) => LocalDurableBackend {
  return (deps) => {
    const store = new InstanceStore(deps.stateDir);
    const engine = new OrchestrationEngine({ invoker: deps.invoker, clock: deps.clock, store, log: deps.log, ...options });
    const api = new DurableHttpApi({ engine, baseUrl: deps.baseUrl, taskHubName: deps.taskHubName });
    const binding = clientBinding(deps.baseUrl, deps.taskHubName);
    return {
      engine,
      clientBinding: () => binding,
      handle: (req, res, url) => api.handle(req, res, url),
      async start() {
        store.load(deps.log);
        engine.start();
      },
      stop: () => engine.stop(),
    };
  };
}

export const createDurableBackend: DurableBackendFactory = durableBackendFactory();
