/**
 * The local Functions host (issue 4): loads the compiled app exactly as the Node.js worker does and serves what
 * `func start` serves — HTTP routes, the admin API, the Event Grid webhook, timers — plus the Durable HTTP API through
 * a pluggable backend (ports.ts). See docs/local-host.md.
 */
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { Clock } from '../clock';
import type { AdminDeps } from './adminApi';
import { loadApp } from './appLoader';
import { coreRegistry } from './coreApiShim';
import { disabledSettingName, isFunctionDisabled } from './disabledFunctions';
import { EnvironmentOverlay } from './environmentOverlay';
import { createEasyAuth, readEasyAuthSettings } from './easyAuth';
import { createHostServer, type HostRuntime } from './hostServer';
import { defaultHostJsonPath, readHostJson } from './hostJson';
import { createHttpRouter } from './httpRouter';
import { InvocationLog, type InvocationRecord } from './invocationLog';
import { LocalInvoker } from './invoker';
import type { DurableBackend, DurableBackendFactory, FunctionInvoker, RegisteredFunction } from './ports';
import { resolveSettingReferences } from './resolveSettings';
import { TimerScheduler } from './timerScheduler';
import { toRegisteredFunction } from './toRegisteredFunction';

export { readLocalSettings, parseLocalSettings } from './localSettings';
export { hostShimInstalled } from './coreApiShim';
export type { InvocationRecord } from './invocationLog';
export type { FunctionInvoker, RegisteredFunction, TypedData, DurableBackend, DurableBackendFactory } from './ports';

export interface LocalHostOptions {
  /** Absolute path of the compiled app entry (package.json "main"), loaded with require. */
  appEntry: string;
  /** App settings: copied to process.env BEFORE the app loads; `%NAME%` resolution uses them. */
  settings: Record<string, string>;
  /** Default: <dir of the package.json above appEntry>/host.json (routePrefix, durable hub name). */
  hostJsonPath?: string;
  /** Default 7071; 0 = ephemeral. */
  port?: number;
  /** The shared clock (../clock.ts): timers fire on this clock. */
  clock: Clock;
  /** Fire timer triggers on their NCRONTAB schedules (default true). runOnStartup is honoured only when true. */
  timers?: boolean;
  /** Without it, durableClient bindings and the Durable HTTP API answer a clear error. */
  durable?: DurableBackendFactory;
  /** Passed to the Durable backend as its state folder. */
  stateDir?: string;
  /** Default: console.log. */
  log?: (line: string) => void;
  /** How long stop() waits for running invocations (default 10 000 ms). */
  stopTimeoutMs?: number;
  /**
   * When set, HTTP functions with `authLevel: 'function'` need this key (`x-functions-key` header or `?code=`), as in
   * Azure; without it the host lets them through, like Core Tools.
   */
  functionKey?: string;
}

export interface LocalHost {
  /** http://127.0.0.1:<port> */
  url: string;
  invoker: FunctionInvoker;
  invocations(functionName?: string): InvocationRecord[];
  stop(): Promise<void>;
}

function listen(server: ReturnType<typeof createHostServer>, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on 127.0.0.1 is in use: pass another port (0 = any free one)`) : error),
    );
    server.listen(port, '127.0.0.1', () => resolvePort((server.address() as AddressInfo).port));
  });
}

async function runHooks(name: string, context: Record<string, unknown>): Promise<void> {
  for (const hook of [...(coreRegistry().hooks.get(name) ?? [])]) await hook(context);
}

const SYSTEM_LOG_LEVELS = new Set(['warning', 'error', 'critical']);

export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  const active = coreRegistry().activeHost;
  if (active !== undefined) throw new Error(`a local host is already running in this process (${active}): stop it first`);
  const log = options.log ?? ((line: string) => console.log(line));
  const appEntry = resolve(options.appEntry);
  const hostJsonPath = options.hostJsonPath ?? defaultHostJsonPath(appEntry);
  const hostJson = readHostJson(hostJsonPath);
  let runtime: HostRuntime | undefined;
  let state: 'Initializing' | 'Running' | 'Stopped' = 'Initializing';
  const easyAuthSettings = readEasyAuthSettings(options.settings);
  const easyAuth = easyAuthSettings === undefined ? undefined : createEasyAuth(easyAuthSettings, options.clock);
  const server = createHostServer({
    routePrefix: hostJson.routePrefix,
    runtime: () => runtime,
    log,
    ...(easyAuth === undefined ? {} : { easyAuth }),
    ...(options.functionKey === undefined ? {} : { functionKey: options.functionKey }),
  });
  const port = await listen(server, options.port ?? 7071);
  const url = `http://127.0.0.1:${port}`;
  coreRegistry().activeHost = url;

  let timers: TimerScheduler | undefined;
  let durable: DurableBackend | undefined;
  const environment = new EnvironmentOverlay();
  try {
    // The app may read settings at import time, and durable status URLs are built from WEBSITE_HOSTNAME: both first.
    environment.apply({ FUNCTIONS_WORKER_RUNTIME: 'node', AZURE_FUNCTIONS_ENVIRONMENT: 'Development', ...options.settings, WEBSITE_HOSTNAME: `127.0.0.1:${port}` });
    const registry = loadApp(appEntry);
    registry.systemLog = (level, _category, message) => {
      if (SYSTEM_LOG_LEVELS.has(level)) log(`[${new Date().toISOString()}] ${level}: ${message}`);
    };
    const functions = [...registry.functions.values()].map((captured) => toRegisteredFunction(captured.metadata, process.env));
    const invocationLog = new InvocationLog(log);
    const invoker = new LocalInvoker({ registry, functions, durable: () => durable, log: invocationLog });
    const enabled = (fn: RegisteredFunction) => !isFunctionDisabled(fn.name, process.env);
    const router = createHttpRouter(functions.filter(enabled));
    for (const warning of router.warnings) log(`[${new Date().toISOString()}] warning: ${warning}`);
    const scheduler = new TimerScheduler({ clock: options.clock, invoker, functions, enabled: options.timers ?? true, isEnabled: enabled });
    timers = scheduler;
    if (options.durable) {
      const taskHubName = resolveSettingReferences(hostJson.hubName ?? 'TestHubName', process.env, 'host.json extensions.durableTask.hubName');
      durable = options.durable({ invoker, clock: options.clock, baseUrl: url, taskHubName, stateDir: options.stateDir, log });
    }
    const admin: AdminDeps = {
      invoker,
      timerTrigger: (fn) => scheduler.triggerData(fn),
      status: () => state,
      log,
      startedAt: performance.now(),
      metadata: { baseUrl: url, routePrefix: hostJson.routePrefix, isDisabled: (fn) => !enabled(fn) },
    };
    // App-level hooks share one hookData for the app's lifetime, as in the worker.
    await runHooks('appStart', { hookData: registry.appHookData, appHookData: registry.appHookData, functionAppDirectory: dirname(resolve(hostJsonPath)) });
    await durable?.start();
    runtime = { invoker, router, admin, durable, enabled };
    state = 'Running';
    printFunctions(log, url, hostJson.routePrefix, runtime);
    if (easyAuthSettings !== undefined) log(`App Service Authentication: bearer tokens of ${easyAuthSettings.issuer} for ${easyAuthSettings.clientId}`);
    scheduler.start();

    let stopped: Promise<void> | undefined;
    return {
      url,
      invoker,
      invocations: (functionName) => invocationLog.list(functionName).map((r) => ({ ...r, logs: [...r.logs] })),
      stop() {
        stopped ??= (async () => {
          scheduler.stop();
          const closed = new Promise<void>((done) => server.close(() => done()));
          server.closeIdleConnections();
          await durable?.stop();
          // Requests already being served get their answers before their sockets close.
          await invoker.drain(options.stopTimeoutMs ?? 10_000);
          server.closeAllConnections();
          await runHooks('appTerminate', { hookData: registry.appHookData, appHookData: registry.appHookData });
          await closed;
          state = 'Stopped';
          registry.systemLog = () => undefined;
          environment.restore();
          coreRegistry().activeHost = undefined;
        })();
        return stopped;
      },
    };
  } catch (error) {
    timers?.stop();
    await durable?.stop().catch(() => undefined);
    environment.restore();
    coreRegistry().activeHost = undefined;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
    throw error;
  }
}

function printFunctions(log: (line: string) => void, url: string, routePrefix: string, runtime: HostRuntime): void {
  const lines = ['Functions:', ''];
  for (const fn of runtime.invoker.functions()) {
    const route = runtime.router.routes.find((r) => r.fn === fn);
    if (!runtime.enabled(fn)) {
      lines.push(`\t${fn.name}: ${fn.triggerType} (disabled by ${disabledSettingName(fn.name)})`);
    } else if (route) {
      const methods = route.methods ? `[${route.methods.join(',')}]` : '[ALL]';
      lines.push(`\t${fn.name}: ${methods} ${url}/${[routePrefix, route.route.template].filter((s) => s !== '').join('/')}`);
    } else {
      lines.push(`\t${fn.name}: ${fn.triggerType}`);
    }
  }
  log(lines.join('\n'));
}
