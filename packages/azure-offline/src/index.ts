/**
 * @image-autopilot/azure-offline: the slice of Azure that Image Autopilot runs against, offline. Everything a test or
 * tool needs goes through this module; the folders behind it are the package's own business.
 *
 * - the shared clock every part reads (src/clock.ts: virtual for tests, scaled for a running app);
 * - the emulated Azure Resource Manager with its control API, token endpoint and Event Grid topic (docs/emulator.md);
 * - the local Functions host that loads a compiled app as the Node.js worker does (docs/local-host.md);
 * - its Durable Task backend, plus replay checks on the instances it ran (docs/durable-backend.md);
 * - Azurite's Table service in a child process, the Functions storage account's tables (docs/table-service.md).
 */
export { createClock, type Clock, type ClockOptions } from './clock';
export { startArmEmulator, type ArmEmulator, type ArmEmulatorOptions, type SeedDocument } from './arm';
export { parseSeed, SeedError } from './arm/seed';
export { EMULATED_APP_CLIENT_ID, EMULATED_ISSUER, EMULATED_TENANT_ID, type MintedToken, type TokenRequest } from './arm/entraIssuer';
export {
  startLocalHost,
  hostShimInstalled,
  readLocalSettings,
  parseLocalSettings,
  type LocalHost,
  type LocalHostOptions,
  type InvocationRecord,
  type FunctionInvoker,
  type RegisteredFunction,
  type TypedData,
  type DurableBackend,
  type DurableBackendFactory,
} from './host';
export {
  createDurableBackend,
  durableBackendFactory,
  waitForInstance,
  type DurableBackendOptions,
  type LocalDurableBackend,
  type InstanceStatus,
  type WaitOptions,
} from './host/durable';
export { EventType, type EventTypeValue, type HistoryEvent } from './host/durable/historyEvent';
export { atomicActions, type OrchestratorStateWire, type WireAction } from './host/durable/orchestratorAction';
export { replayInstance, scheduleMismatches, type ReplayTarget } from './host/durable/replay';
export { startTableService, DEV_STORE_ACCOUNT, DEV_STORE_ACCOUNT_KEY, type TableService, type TableServiceOptions } from './storage';
