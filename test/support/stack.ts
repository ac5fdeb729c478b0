/**
 * The whole product offline: the emulated ARM and the local Functions host loading the COMPILED app
 * (`dist/functions/index.js`; `npm test` builds first), sharing one virtual clock the test steps. The app is
 * configured only through app settings, exactly as in Azure (docs/architecture.md#the-offline-azure).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Catalog } from '../../shared/domain/catalog';
import { createClock, durableBackendFactory, startArmEmulator, startLocalHost, type ArmEmulator, type Clock, type LocalDurableBackend, type LocalHost, type SeedDocument } from '@image-autopilot/azure-offline';
import { aCatalog, CAPTURE_RG } from './builders';
import { testRunStoreSettings } from './tableService';
import { ADMIN_ROLE, TEST_CALLER_NAME, TEST_TOKEN_LIFETIME_SECONDS, useApiToken } from './apiAuth';

export const appEntry = resolve(process.cwd(), 'dist/functions/index.js');
/** The deployment artifact's entry (`npm run package`; `npm test` packages before vitest), with its own host.json. */
export const packagedAppEntry = resolve(process.cwd(), '.package/app/index.js');
export const clockStart = new Date('2026-11-25T08:00:00.000Z');
/** Platform versions seeded for every marketplace base image of the catalog; the last one is `latest`. */
export const BASE_IMAGE_VERSIONS = ['22.4.202610010', '22.4.202611010'] as const;

export interface StackOptions {
  catalog?: Catalog;
  /** Added to the seed derived from the catalog. */
  seed?: Partial<SeedDocument>;
  settings?: Record<string, string>;
  log?: (line: string) => void;
  /** Durable state folder: instances survive a host restart. */
  stateDir?: string;
  /** The app to host; default the compiled app in dist/. */
  appEntry?: string;
  /** Publish notifications to this emulated topic (`GET /_emulator/topics/<topic>/events` reads them). */
  topic?: string;
  /** The function key the host checks on `authLevel: 'function'` routes (AUTH_MODE=keys). */
  functionKey?: string;
  /** Seconds the emulator's LROs take on the clock (its default 30). */
  provisioningSeconds?: number;
}

export interface ArmRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** ISO time on the shared clock. */
  at: string;
}

export interface Stack {
  arm: ArmEmulator;
  host: LocalHost;
  backend: LocalDurableBackend;
  clock: Clock;
  catalog: Catalog;
  /** http://127.0.0.1:<port> of the local host. */
  url: string;
  armRequests(): Promise<ArmRequest[]>;
  clearArmRequests(): Promise<void>;
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

/** The Azure estate a catalog expects: its resource groups, gallery and definitions, and its marketplace base images. */
export function seedFor(catalog: Catalog): SeedDocument {
  const g = catalog.gallery;
  const marketplace = catalog.images.flatMap((i) => (i.baseImage.type === 'marketplace' ? [{ ...i.baseImage, osType: i.definition.osType }] : []));
  return {
    defaults: { subscriptionId: g.subscriptionId, location: g.location },
    resourceGroups: [{ name: g.resourceGroup }, { name: catalog.staging.resourceGroup }, { name: CAPTURE_RG }],
    galleries: [
      {
        resourceGroup: g.resourceGroup,
        name: g.name,
        images: catalog.images.map((i) => ({
          name: i.name,
          osType: i.definition.osType,
          osState: i.definition.osState,
          publisher: i.definition.publisher,
          offer: i.definition.offer,
          sku: i.definition.sku,
          hyperVGeneration: i.definition.hyperVGeneration,
          architecture: i.definition.architecture,
          securityType: i.definition.securityType,
        })),
      },
    ],
    platformImages: marketplace.map((b) => ({
      publisher: b.publisher,
      offer: b.offer,
      sku: b.sku,
      osType: b.osType,
      versions: [...BASE_IMAGE_VERSIONS],
    })),
    defaultPlatformImages: false,
  };
}

/**
 * The app settings that point the compiled app at an emulated ARM and the run's Table service (a table of its own),
 * as `npm run local` does. The caller's settings win.
 */
export function appSettings(arm: ArmEmulator, catalogPath: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...testRunStoreSettings(),
    CATALOG_PATH: catalogPath,
    AZURE_ARM_ENDPOINT: arm.url,
    AZURE_ARM_CA_FILE: arm.caFile,
    IDENTITY_ENDPOINT: arm.identityEndpoint,
    IDENTITY_HEADER: arm.identityHeader,
    TASK_HUB_NAME: 'autopilote2e',
    REBUILD_SCHEDULE: '0 0 3 * * *',
    PRUNE_SCHEDULE: '0 0 4 * * *',
    POLICY_SCAN_SCHEDULE: '0 0 5 * * *',
    ARM_POLL_MIN_SECONDS: '15',
    ARM_POLL_MAX_SECONDS: '300',
    ARM_MAX_RETRY_AFTER_SECONDS: '5',
    // The emulator, standing in for the build VM, keeps the steps' log blobs and serves them at their own URIs.
    RUN_LOGS_CONTAINER_URI: `${arm.url}/_emulator/blobs/run-logs`,
    // The local host plays App Service Authentication against the emulator's Entra ID (docs/security.md).
    WEBSITE_AUTH_ENABLED: 'true',
    WEBSITE_AUTH_OPENID_ISSUER: arm.entra.issuer,
    WEBSITE_AUTH_OPENID_WELL_KNOWN_CONFIGURATION: arm.entra.wellKnownConfiguration,
    WEBSITE_AUTH_CLIENT_ID: arm.entra.audience,
    WEBSITE_AUTH_EXCLUDED_PATHS: '/api/ui',
    ...extra,
  };
}

export interface TokenRequest {
  name: string;
  roles?: string[];
  oid?: string;
  aud?: string;
  iss?: string;
  lifetimeSeconds?: number;
  notBeforeOffsetSeconds?: number;
}

/** A token from the emulator's Entra ID (`POST /_emulator/tokens`), by the ARM endpoint and CA the app settings name. */
export async function mintToken(arm: { url: string; caPem: string }, request: TokenRequest): Promise<string> {
  const { status, body } = await httpsJson(`${arm.url}/_emulator/tokens`, arm.caPem, 'POST', request);
  const token = (body as { access_token?: unknown } | undefined)?.access_token;
  if (status !== 200 || typeof token !== 'string') throw new Error(`the emulator minted no token (${status}): ${JSON.stringify(body)}`);
  return token;
}

/**
 * With sign-in on, the default token of the test helpers (apiAuth.ts): an Admin, as the lead's scripts are.
 * `startAppHost` calls it; a test hosting the app elsewhere (a child process) calls it with the same settings.
 */
export async function useAdminToken(settings: Record<string, string>): Promise<void> {
  const arm = settings['AZURE_ARM_ENDPOINT'];
  const caFile = settings['AZURE_ARM_CA_FILE'];
  if (settings['WEBSITE_AUTH_ENABLED'] !== 'true' || arm === undefined || caFile === undefined) return useApiToken(undefined);
  useApiToken(await mintToken({ url: arm, caPem: readFileSync(caFile, 'utf8') }, { name: TEST_CALLER_NAME, roles: [ADMIN_ROLE], lifetimeSeconds: TEST_TOKEN_LIFETIME_SECONDS }));
}

/** The local host with the compiled app and the real Durable backend (the app registers once per process). */
export async function startAppHost(options: {
  clock: Clock;
  settings: Record<string, string>;
  log: (line: string) => void;
  stateDir?: string | undefined;
  appEntry?: string | undefined;
  functionKey?: string | undefined;
}): Promise<{ host: LocalHost; backend: LocalDurableBackend }> {
  await useAdminToken(options.settings);
  let backend: LocalDurableBackend | undefined;
  const factory = durableBackendFactory();
  const host = await startLocalHost({
    appEntry: options.appEntry ?? appEntry,
    settings: options.settings,
    port: 0,
    clock: options.clock,
    timers: false,
    durable: (deps) => (backend = factory(deps)),
    ...(options.stateDir === undefined ? {} : { stateDir: options.stateDir }),
    ...(options.functionKey === undefined ? {} : { functionKey: options.functionKey }),
    log: options.log,
  });
  if (!backend) throw new Error('the local host did not build the Durable backend');
  return { host, backend };
}

/** Writes the catalog where CATALOG_PATH will point. JSON is YAML: the validated shape is also a valid document. */
export function writeCatalog(dir: string, catalog: Catalog): string {
  const catalogPath = join(dir, 'catalog.yaml');
  writeFileSync(catalogPath, JSON.stringify(catalog, null, 2));
  return catalogPath;
}

/** The catalog's seed plus a test's additions (lists are concatenated). */
export function mergedSeed(catalog: Catalog, extra: Partial<SeedDocument> = {}): SeedDocument {
  const base = seedFor(catalog);
  return {
    ...base,
    ...extra,
    resourceGroups: [...(base.resourceGroups ?? []), ...(extra.resourceGroups ?? [])],
    platformImages: [...(base.platformImages ?? []), ...(extra.platformImages ?? [])],
  };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const catalog = options.catalog ?? aCatalog();
  const dir = mkdtempSync(join(tmpdir(), 'autopilot-stack-'));
  const catalogPath = writeCatalog(dir, catalog);
  const clock = createClock({ mode: 'virtual', start: clockStart });
  const seed = mergedSeed(catalog, options.seed);
  const log = options.log ?? (() => undefined);
  const arm = await startArmEmulator({ port: 0, clock, seed, log, ...(options.provisioningSeconds === undefined ? {} : { provisioningSeconds: options.provisioningSeconds }) });
  let started: { host: LocalHost; backend: LocalDurableBackend };
  try {
    const topic: Record<string, string> = options.topic === undefined ? {} : { NOTIFY_TOPIC_ENDPOINT: `${arm.url}/_emulator/topics/${options.topic}/api/events` };
    const settings = appSettings(arm, catalogPath, { ...topic, ...options.settings });
    started = await startAppHost({ clock, settings, log, stateDir: options.stateDir, appEntry: options.appEntry, functionKey: options.functionKey });
  } catch (error) {
    await arm.stop();
    throw error;
  }
  const { host, backend: durable } = started;

  const control = (method: string, path: string, body?: unknown) => httpsJson(`${arm.url}/_emulator/${path}`, arm.caPem, method, body);

  return {
    arm,
    host,
    backend: durable,
    clock,
    catalog,
    url: host.url,
    control,
    async armRequests() {
      const { body } = await control('GET', 'requests');
      const requests = (body as { requests?: ArmRequest[] } | undefined)?.requests;
      return requests ?? [];
    },
    async clearArmRequests() {
      await control('DELETE', 'requests');
    },
    async stop() {
      await host.stop();
      await arm.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Global fetch cannot trust an extra CA after process start, so the control API is spoken to through node:https. */
export function httpsJson(url: string, caPem: string, method: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolvePromise, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, { method, ca: caPem, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolvePromise({ status: res.statusCode ?? 0, body: text === '' ? undefined : (JSON.parse(text) as unknown) });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** A GET through node:https with the emulator's CA, the body as text (blobs the emulator serves at their own URIs). */
export function httpsText(url: string, caPem: string): Promise<{ status: number; text: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method: 'GET', ca: caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}
