/**
 * `npm run local`: the whole app on a laptop — the emulated ARM (seeded, persisted), Azurite's Table service (the
 * Functions storage account's tables: the run history) and the local Functions host with its Durable backend, sharing
 * one scaled clock. The app is configured through app settings only, exactly as in Azure.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createDurableBackend,
  parseSeed,
  readLocalSettings,
  startArmEmulator,
  startLocalHost,
  startTableService,
  type SeedDocument,
  type TableService,
} from '@image-autopilot/azure-offline';
import { readCatalogFile } from '../../shared/config';
import type { Catalog } from '../../shared/domain/catalog';
import { parseLocalOptions, USAGE, UsageError, type LocalOptions } from './options';
import { writeEndpointsFile, removeEndpointsFile } from './endpointsFile';
import { createPersistentClock } from './persistentClock';
import { exampleCommands } from './exampleCommands';
import { localAccess } from './localAccess';
import { installSharedClockDate } from './sharedClockDate';
import { holdPort } from './portHold';
import { acquireStateLock, clearStateDir, type StateLock } from './stateLock';

/** Compiled to tools/dist/tools/local/cli.js by tools/tsconfig.json. */
const projectRoot = path.resolve(__dirname, '../../../..');

async function run(options: LocalOptions): Promise<void> {
  // Everything that can refuse to start is checked before the state folder is touched: invalid inputs (the app would
  // refuse to start anyway), a busy port, then another npm run local using the same state folder.
  const inputs: Inputs = {
    catalog: readCatalogFile(options.catalogFile),
    seed: readSeed(options.seedFile),
    fileSettings: readLocalSettings(options.settingsFile),
  };
  const functionsPort = await holdPort(options.functionsPort, '--port');
  const armPort = await holdPort(options.armPort, '--arm-port');
  const lock = acquireStateLock(options.stateDir);
  const started: Started = {};
  try {
    await start(options, inputs, lock, { functions: functionsPort.release, arm: armPort.release }, started);
  } catch (error) {
    await started.table?.stop();
    lock.release();
    throw error;
  }
}

/** What has started so far, so a failed start stops it before the lock is released. */
interface Started {
  table?: TableService;
}

interface Inputs {
  catalog: Catalog;
  seed: SeedDocument;
  fileSettings: Record<string, string>;
}

async function start(
  options: LocalOptions,
  { catalog, seed, fileSettings }: Inputs,
  lock: StateLock,
  releasePort: { functions: () => Promise<void>; arm: () => Promise<void> },
  started: Started,
): Promise<void> {
  const endpointsFile = options.endpointsFile;
  removeEndpointsFile(endpointsFile);
  if (options.fresh) clearStateDir(options.stateDir);
  // Started first and recorded in the lock: it runs in a process of its own, and a later npm run local on this state
  // folder must not open its store before it has flushed and gone (stateLock.ts).
  const table = await startTableService({ location: path.join(options.stateDir, 'azurite'), log: (line) => console.log(`[azurite] ${line}`) });
  started.table = table;
  lock.addHelper(table.pid);
  const { clock, save: saveClock, stop: stopSavingClock } = createPersistentClock(options.stateDir, options.clockSpeed);

  await releasePort.arm();
  const arm = await startArmEmulator({
    port: options.armPort,
    stateDir: path.join(options.stateDir, 'arm'),
    clock,
    seed,
    log: (line) => console.log(`[arm] ${line}`),
  });

  // From here on `Date` is the shared clock: the app (loaded next) mints instance IDs in the same time as its runs.
  installSharedClockDate(clock);
  const identityHeader = arm.identityHeader;
  const settings: Record<string, string> = {
    ...fileSettings,
    CATALOG_PATH: options.catalogFile,
    AZURE_ARM_ENDPOINT: arm.url,
    AZURE_ARM_CA_FILE: arm.caFile,
    IDENTITY_ENDPOINT: arm.identityEndpoint,
    IDENTITY_HEADER: identityHeader,
    // Notifications land on the emulator's recording topic unless the settings name a topic of their own.
    NOTIFY_TOPIC_ENDPOINT: fileSettings.NOTIFY_TOPIC_ENDPOINT || `${arm.url}/_emulator/topics/autopilot/api/events`,
    // Build VMs' step logs land in the emulator's blob store (it plays the VM), served at the blobs' own URIs.
    RUN_LOGS_CONTAINER_URI: fileSettings.RUN_LOGS_CONTAINER_URI || `${arm.url}/_emulator/blobs/run-logs`,
    // The Functions storage account is Azurite's, whatever local.settings.json says (usually UseDevelopmentStorage=true,
    // which would mean a fixed port nothing here listens on).
    AzureWebJobsStorage: table.connectionString,
  };
  const durableStateDir = path.join(options.stateDir, 'durable');
  await releasePort.functions();
  const access = localAccess(arm, settings, options.clockSpeed);
  const host = await startLocalHost({
    appEntry: path.join(projectRoot, 'dist', 'functions', 'index.js'),
    settings: { ...settings, ...access.settings },
    ...(access.functionKey === undefined ? {} : { functionKey: access.functionKey }),
    hostJsonPath: path.join(projectRoot, 'host.json'),
    port: options.functionsPort,
    clock,
    timers: options.timers,
    durable: (deps) => createDurableBackend({ ...deps, stateDir: durableStateDir }),
  });

  await waitUntilRunning(host.url);
  const gallery = catalog.gallery;
  const endpoints = {
    functions: host.url,
    arm: arm.url,
    armCaFile: arm.caFile,
    tableEndpoint: table.endpoint,
    subscriptionId: gallery.subscriptionId,
    galleryId: `/subscriptions/${gallery.subscriptionId}/resourceGroups/${gallery.resourceGroup}/providers/Microsoft.Compute/galleries/${gallery.name}`,
    stagingResourceGroup: catalog.staging.resourceGroup,
    stateDir: options.stateDir,
    ...(access.token === undefined ? {} : { token: access.token }),
    ...(access.functionKey === undefined ? {} : { functionKey: access.functionKey }),
  };
  writeEndpointsFile(endpointsFile, endpoints);
  console.log(exampleCommands(endpoints, catalog, options));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    removeEndpointsFile(endpointsFile);
    stopSavingClock();
    saveClock();
    await host.stop();
    await arm.stop();
    await table.stop();
    lock.release();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Validated up front so a broken seed names its file and every problem before anything starts. */
function readSeed(file: string): SeedDocument {
  const document = JSON.parse(fs.readFileSync(file, 'utf8')) as SeedDocument;
  try {
    parseSeed(document);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  return document;
}

async function waitUntilRunning(baseUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const response = await fetch(`${baseUrl}/admin/host/status`);
      if (response.ok && ((await response.json()) as { state?: string }).state === 'Running') return;
    } catch {
      // The server may not accept connections yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the local host at ${baseUrl} did not report Running`);
}

function main(): void {
  let options: LocalOptions | 'help';
  try {
    options = parseLocalOptions(process.argv.slice(2), process.cwd(), (file) => fs.existsSync(file));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  run(options).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

main();
