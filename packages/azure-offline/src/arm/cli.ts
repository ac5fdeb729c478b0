/**
 * Runs the emulated ARM alone:
 *   node packages/azure-offline/dist/src/arm/cli.js [--port 0] [--state .local/arm] [--seed seed.json] [--throttling]
 *     [--clock scaled|virtual] [--speed 1] [--replication-seconds 120] [--provisioning-seconds 30] [--run-command-seconds 60]
 *     [--principal-replication-seconds 30]
 * Prints the URL, CA file and identity endpoint (also as a JSON line for scripts), then runs until SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { startArmEmulator } from './index';
import { createSavedClock } from './savedClock';
import { parseSeed } from './seed';

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i] ?? '';
    if (!name.startsWith('--')) throw new Error(`unexpected argument '${name}'`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) args.set(name.slice(2), 'true');
    else {
      args.set(name.slice(2), next);
      i++;
    }
  }
  return args;
}

function numberArg(args: Map<string, string>, name: string): number | undefined {
  const raw = args.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0, got '${raw}'`);
  return value;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const known = ['port', 'state', 'seed', 'throttling', 'clock', 'speed', 'replication-seconds', 'provisioning-seconds', 'run-command-seconds', 'principal-replication-seconds'];
  const unknown = [...args.keys()].filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new Error(`unknown option(s) --${unknown.join(', --')}; known: --${known.join(', --')}`);
  const seedFile = args.get('seed');
  const seed = seedFile ? parseSeed(JSON.parse(readFileSync(seedFile, 'utf8')) as unknown) : undefined;
  // Alone, the emulator defaults to real-time progress (scaled ×1) so LROs finish without anyone moving the clock.
  const clockMode = args.get('clock') ?? 'scaled';
  if (clockMode !== 'virtual' && clockMode !== 'scaled') throw new Error(`--clock must be virtual or scaled, got '${clockMode}'`);
  const speed = numberArg(args, 'speed');
  const saved = createSavedClock(args.get('state'), clockMode, speed);
  const emulator = await startArmEmulator({
    port: numberArg(args, 'port') ?? 0,
    ...(args.get('state') ? { stateDir: args.get('state') } : {}),
    ...(seed ? { seed } : {}),
    clock: saved.clock,
    throttling: args.get('throttling') === 'true',
    ...(numberArg(args, 'replication-seconds') !== undefined ? { replicationSecondsPerRegion: numberArg(args, 'replication-seconds') } : {}),
    ...(numberArg(args, 'provisioning-seconds') !== undefined ? { provisioningSeconds: numberArg(args, 'provisioning-seconds') } : {}),
    ...(numberArg(args, 'run-command-seconds') !== undefined ? { runCommandSeconds: numberArg(args, 'run-command-seconds') } : {}),
    ...(numberArg(args, 'principal-replication-seconds') !== undefined ? { principalReplicationSeconds: numberArg(args, 'principal-replication-seconds') } : {}),
    log: (line) => console.error(line),
  });
  console.log(`ARM endpoint:       ${emulator.url}`);
  console.log(`CA file:            ${emulator.caFile}`);
  console.log(`IDENTITY_ENDPOINT:  ${emulator.identityEndpoint}`);
  console.log(`IDENTITY_HEADER:    ${emulator.identityHeader}`);
  console.log(JSON.stringify({ url: emulator.url, caFile: emulator.caFile, identityEndpoint: emulator.identityEndpoint, identityHeader: emulator.identityHeader }));
  const shutdown = () => {
    void emulator.stop().then(() => {
      saved.stop();
      process.exit(0);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`arm emulator: ${(error as Error).message}`);
  process.exit(1);
});
