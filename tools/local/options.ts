import { parseArgs } from 'node:util';
import path from 'node:path';

export interface LocalOptions {
  functionsPort: number;
  armPort: number;
  stateDir: string;
  fresh: boolean;
  clockSpeed: number;
  seedFile: string;
  catalogFile: string;
  settingsFile: string;
  timers: boolean;
  endpointsFile: string;
}

export const USAGE = `Usage: npm run local -- [options]

Runs Image Autopilot on this machine: the emulated Azure Resource Manager (HTTPS, seeded) and the local Functions
host with its Durable backend, the compiled app loaded exactly as Azure Functions loads it.

Options:
  --port <n>           Functions host port (default 7071)
  --arm-port <n>       emulated ARM port (default 0 = any free port; see .local/endpoints.json)
  --state <dir>        state folder: emulated Azure, durable instances, clock (default .local/state)
  --fresh              delete the state folder first (start from the seed again)
  --clock-speed <x>    how fast orchestration and Azure time runs vs. real time (default 60: a minute per second)
  --seed <file>        seed document for an empty emulator (default tools/local/seed.json)
  --catalog <file>     catalog YAML (default catalog.sample.yaml)
  --settings <file>    app settings in local.settings.json format (default local.settings.json if present,
                       else local.settings.sample.json)
  --no-timers          do not fire timer triggers on their schedules (run them with POST /admin/functions/<name>)
  --endpoints-file <f> where to write the endpoints file (default .local/endpoints.json)
  -h, --help           show this help
`;

export class UsageError extends Error {}

function positiveNumber(name: string, raw: string | undefined, fallback: number, allowZero: boolean): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new UsageError(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got '${raw}'`);
  }
  return value;
}

function port(name: string, raw: string | undefined, fallback: number): number {
  const value = positiveNumber(name, raw, fallback, true);
  if (!Number.isInteger(value) || value > 65535) throw new UsageError(`--${name} must be a port number 0..65535, got '${raw}'`);
  return value;
}

export function parseLocalOptions(argv: string[], cwd: string, exists: (file: string) => boolean): LocalOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'arm-port': { type: 'string' },
        state: { type: 'string' },
        fresh: { type: 'boolean' },
        'clock-speed': { type: 'string' },
        seed: { type: 'string' },
        catalog: { type: 'string' },
        settings: { type: 'string' },
        'no-timers': { type: 'boolean' },
        'endpoints-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const values = parsed.values;
  if (values.help) return 'help';
  const resolve = (file: string) => path.resolve(cwd, file);
  const defaultSettings = exists(resolve('local.settings.json')) ? 'local.settings.json' : 'local.settings.sample.json';
  return {
    functionsPort: port('port', values.port, 7071),
    armPort: port('arm-port', values['arm-port'], 0),
    stateDir: resolve(values.state ?? '.local/state'),
    fresh: values.fresh ?? false,
    clockSpeed: positiveNumber('clock-speed', values['clock-speed'], 60, false),
    seedFile: resolve(values.seed ?? 'tools/local/seed.json'),
    catalogFile: resolve(values.catalog ?? 'catalog.sample.yaml'),
    settingsFile: resolve(values.settings ?? defaultSettings),
    timers: !(values['no-timers'] ?? false),
    endpointsFile: resolve(values['endpoints-file'] ?? '.local/endpoints.json'),
  };
}
