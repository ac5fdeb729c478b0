/**
 * Starts the emulated Azure Resource Manager: HTTPS ARM + control API on one port, the managed-identity token
 * endpoint on another. Both listen on 127.0.0.1 only.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClock, type Clock } from '../clock';
import { createArmHandler } from './armServer';
import { loadOrCreateTls } from './certificate';
import type { EmulatorContext } from './context';
import { createControlHandler } from './control';
import { FaultRegistry } from './faults';
import { startIdentityServer } from './identityServer';
import { createEntraIssuer, type MintedToken, type TokenRequest } from './entraIssuer';
import { RequestLog } from './requestLog';
import { DEFAULT_PRINCIPAL_REPLICATION_SECONDS } from './principals';
import { applySeed, parseSeed, type SeedDocument } from './seed';
import { settle } from './settle';
import { isStateEmpty } from './state';
import { StateStore } from './stateStore';
import { TopicStore } from './topics';

export interface ArmEmulatorOptions {
  /** 0 = ephemeral (default 0). */
  port?: number;
  /** Persist certificate + Azure state here; undefined = memory (a temp dir holds the certificate). */
  stateDir?: string;
  /** The shared clock (../clock.ts); default a virtual clock starting now. */
  clock?: Clock;
  /** Applied at start when the state is empty. Without one, an empty state gets the default seed (one subscription, platform images). */
  seed?: SeedDocument;
  /** Seconds each non-source target region takes to replicate, on the clock (default 120). */
  replicationSecondsPerRegion?: number;
  /** Seconds LROs (version creation, VM create/deallocate/delete …) take on the clock (default 30). */
  provisioningSeconds?: number;
  /** Seconds a run command executes on the clock (default 60). */
  runCommandSeconds?: number;
  /** Seconds a new principal takes to replicate to ARM: role assignments naming it without `principalType` answer 400 PrincipalNotFound until then (default 30). */
  principalReplicationSeconds?: number;
  /** Sends `Retry-After: n` on LRO answers when > 0 (default 0: clients poll at their own interval). */
  pollRetryAfterSeconds?: number;
  /** ARM token buckets (reads 250/25 s⁻¹, writes 200/10 s⁻¹, deletes 200/10 s⁻¹) with real 429s. */
  throttling?: boolean;
  log?: (line: string) => void;
}

export interface ArmEmulator {
  /** https://127.0.0.1:<port> */
  url: string;
  /** Absolute path of the CA PEM to trust. */
  caFile: string;
  caPem: string;
  /** http://127.0.0.1:<port2>/msi/token (App Service managed-identity protocol). */
  identityEndpoint: string;
  identityHeader: string;
  /** The offline Entra ID token issuer: `POST /_emulator/tokens` mints; `issuer` is Entra's form (no port), the discovery document and JWKS are on the identity origin (`wellKnownConfiguration`). */
  entra: { issuer: string; audience: string; tenantId: string; wellKnownConfiguration: string };
  /** What `POST /_emulator/tokens` answers, in process (`npm run local` prints one). */
  mintToken(request: TokenRequest): MintedToken;
  clock: Clock;
  stop(): Promise<void>;
}

export type { SeedDocument } from './seed';

export async function startArmEmulator(options: ArmEmulatorOptions = {}): Promise<ArmEmulator> {
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? createClock({ mode: 'virtual' });
  const certDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'arm-emulator-'));
  const tls = await loadOrCreateTls(certDir);
  const store = new StateStore(options.stateDir);
  const ctx: EmulatorContext = {
    store,
    clock,
    log,
    settings: {
      replicationSecondsPerRegion: options.replicationSecondsPerRegion ?? 120,
      provisioningSeconds: options.provisioningSeconds ?? 30,
      runCommandSeconds: options.runCommandSeconds ?? 60,
      principalReplicationSeconds: options.principalReplicationSeconds ?? DEFAULT_PRINCIPAL_REPLICATION_SECONDS,
      pollRetryAfterSeconds: options.pollRetryAfterSeconds ?? 0,
    },
  };
  if (isStateEmpty(store.state)) applySeed(ctx, parseSeed(options.seed ?? {}));

  const faults = new FaultRegistry();
  const requests = new RequestLog();
  const topics = new TopicStore();
  let origin = '';
  let identityOrigin = '';
  const entra = createEntraIssuer({ keyDir: certDir, clock, origin: () => identityOrigin });
  const identity = await startIdentityServer(undefined, (path) => entra.serve(path));
  identityOrigin = identity.origin;
  const server: Server = createServer(
    { key: tls.key, cert: tls.cert },
    createArmHandler({ ctx, faults, requests, throttling: options.throttling ?? false, origin: () => origin, control: createControlHandler({ ctx, faults, requests, topics, entra }) }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Effects due at a clock jump are applied at once, so state files and event-driven readers see them.
  const unsubscribe = clock.onChange((now) => settle(ctx, now.getTime()));
  log(`arm emulator listening on ${origin} (CA ${tls.caFile}, identity ${identity.endpoint})`);

  return {
    url: origin,
    caFile: tls.caFile,
    caPem: tls.caPem,
    identityEndpoint: identity.endpoint,
    identityHeader: identity.header,
    entra: { issuer: entra.issuer, audience: entra.audience, tenantId: entra.tenantId, wellKnownConfiguration: entra.wellKnownConfiguration() },
    mintToken: (request) => entra.mint(request),
    clock,
    async stop() {
      unsubscribe();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await identity.close();
      store.flush();
      if (!options.stateDir) rmSync(certDir, { recursive: true, force: true });
    },
  };
}
