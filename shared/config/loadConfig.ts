import * as z from 'zod';
import { checkNcrontab } from './checkNcrontab';
import { ConfigError } from './ConfigError';
import { showSetting } from './looksSecret';
import { formatPath } from './Problem';
import { PRODUCT_SETTINGS, type ProductSettingName } from './productSettings';
import { runStoreLocation, type RunStoreLocation } from './runStoreLocation';


/** The validated app settings (docs/architecture.md#app-settings), read once at startup by the composition root. */
export interface AppConfig {
  catalogPath: string;
  /** Without a trailing slash. */
  armEndpoint: string;
  armCaFile?: string;
  clientId?: string;
  taskHubName: string;
  rebuildSchedule: string;
  pruneSchedule: string;
  policyScanSchedule: string;
  maxConcurrentBuilds: number;
  notifyTopicEndpoint?: string;
  armPollMinSeconds: number;
  armPollMaxSeconds: number;
  armMaxRetryAfterSeconds: number;
  /** The container build VMs write their steps' full output to (no trailing slash); unset = inline tails only. */
  runLogsContainerUri?: string;
  /** `entra`: routes are anonymous to the host and authorize by app role behind App Service Authentication; `keys`: function keys. */
  authMode: AuthMode;
  /** The platform's WEBSITE_AUTH_ENABLED: App Service Authentication is on, so `X-MS-CLIENT-PRINCIPAL` comes from it. */
  platformAuthEnabled: boolean;
  /** The run history: its table in the Functions storage account and how long finished runs stay. */
  runStore: { table: string; historyDays: number; location: RunStoreLocation };
  /**
   * The host's APPLICATIONINSIGHTS_CONNECTION_STRING (a platform setting, not ours to list): set, the app also sends
   * its events and metrics to Application Insights through OpenTelemetry (docs/telemetry.md).
   */
  applicationInsightsConnectionString?: string;
}

export const AUTH_MODES = ['entra', 'keys'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

type Checked<T> = { ok: true; value: T } | { ok: false; rule: string };
type Check<T> = (value: string) => Checked<T>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text: Check<string> = (value) => ({ ok: true, value });

const guid: Check<string> = (value) =>
  GUID.test(value) ? { ok: true, value: value.toLowerCase() } : { ok: false, rule: 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)' };

const httpsUrl: Check<string> = (value) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, rule: 'must be an absolute https URL' };
  }
  if (url.protocol !== 'https:') return { ok: false, rule: 'must use https' };
  if (url.username !== '' || url.password !== '') return { ok: false, rule: 'must not embed credentials (use the managed identity)' };
  if (url.search !== '' || url.hash !== '') return { ok: false, rule: 'must not carry a query or fragment' };
  return { ok: true, value: url.href.replace(/\/+$/, '') };
};

/**
 * A blob container: the VM writes to it as its own identity, so a SAS (a query) or account key has no place here; the
 * last path segment is the container and must follow the container naming rules.
 */
const containerUri: Check<string> = (value) => {
  const url = httpsUrl(value);
  if (!url.ok) return url;
  const segments = new URL(url.value).pathname.split('/').filter((s) => s !== '');
  const container = segments[segments.length - 1];
  if (container === undefined) return { ok: false, rule: 'must name a container (https://<account>.blob.core.windows.net/<container>)' };
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(container)) {
    return { ok: false, rule: 'must end in a container name (3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit)' };
  }
  return url;
};

const intIn =
  (min: number, max: number): Check<number> =>
  (value) =>
    /^-?\d+$/.test(value) && Number(value) >= min && Number(value) <= max
      ? { ok: true, value: Number(value) }
      : { ok: false, rule: `must be a whole number ${min}..${max}` };

const taskHub: Check<string> = (value) =>
  /^[A-Za-z][A-Za-z0-9]{2,44}$/.test(value)
    ? { ok: true, value }
    : { ok: false, rule: 'must be 3-45 letters or digits starting with a letter (Durable task hub rules)' };

const tableName: Check<string> = (value) =>
  /^[A-Za-z][A-Za-z0-9]{2,62}$/.test(value)
    ? { ok: true, value }
    : { ok: false, rule: 'must be 3-63 letters or digits starting with a letter (Azure table name rules)' };

const authMode: Check<AuthMode> = (value) => {
  const mode = AUTH_MODES.find((m) => m === value.toLowerCase());
  return mode === undefined ? { ok: false, rule: `must be one of ${AUTH_MODES.join(', ')}` } : { ok: true, value: mode };
};

const ncrontab: Check<string> = (value) => {
  const problem = checkNcrontab(value);
  return problem === undefined ? { ok: true, value: value.trim().split(/\s+/).join(' ') } : { ok: false, rule: `NCRONTAB ${problem}` };
};

const DEFAULTS: Partial<Record<ProductSettingName, string>> = Object.fromEntries(
  PRODUCT_SETTINGS.flatMap((s) => ('default' in s ? [[s.name, s.default]] : [])),
);
const REQUIRED = new Set<string>(PRODUCT_SETTINGS.filter((s) => s.required).map((s) => s.name));

/** One setting: empty means unset (portals and pipelines often write ""), then the default, then the check. */
function setting<T>(name: ProductSettingName, check: Check<T>) {
  return z.string().transform((raw, ctx): T | undefined => {
    const trimmed = raw.trim();
    const value = trimmed === '' ? DEFAULTS[name] : trimmed;
    if (value === undefined) {
      if (REQUIRED.has(name)) ctx.addIssue({ code: 'custom', message: 'required, but not set' });
      return undefined;
    }
    const result = check(value);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: `${result.rule}, got ${showSetting(name, value)}` });
      return z.NEVER;
    }
    return result.value;
  });
}

const settingsSchema = z
  .object({
    CATALOG_PATH: setting('CATALOG_PATH', text),
    AZURE_ARM_ENDPOINT: setting('AZURE_ARM_ENDPOINT', httpsUrl),
    AZURE_ARM_CA_FILE: setting('AZURE_ARM_CA_FILE', text),
    AZURE_CLIENT_ID: setting('AZURE_CLIENT_ID', guid),
    TASK_HUB_NAME: setting('TASK_HUB_NAME', taskHub),
    REBUILD_SCHEDULE: setting('REBUILD_SCHEDULE', ncrontab),
    PRUNE_SCHEDULE: setting('PRUNE_SCHEDULE', ncrontab),
    POLICY_SCAN_SCHEDULE: setting('POLICY_SCAN_SCHEDULE', ncrontab),
    MAX_CONCURRENT_BUILDS: setting('MAX_CONCURRENT_BUILDS', intIn(1, 50)),
    NOTIFY_TOPIC_ENDPOINT: setting('NOTIFY_TOPIC_ENDPOINT', httpsUrl),
    ARM_POLL_MIN_SECONDS: setting('ARM_POLL_MIN_SECONDS', intIn(1, 3600)),
    ARM_POLL_MAX_SECONDS: setting('ARM_POLL_MAX_SECONDS', intIn(1, 86400)),
    ARM_MAX_RETRY_AFTER_SECONDS: setting('ARM_MAX_RETRY_AFTER_SECONDS', intIn(0, 3600)),
    RUN_HISTORY_TABLE: setting('RUN_HISTORY_TABLE', tableName),
    RUN_HISTORY_DAYS: setting('RUN_HISTORY_DAYS', intIn(1, 3650)),
    RUN_LOGS_CONTAINER_URI: setting('RUN_LOGS_CONTAINER_URI', containerUri),
    AUTH_MODE: setting('AUTH_MODE', authMode),
  } satisfies Record<ProductSettingName, z.ZodType>)
  .superRefine((s, ctx) => {
    const min = s.ARM_POLL_MIN_SECONDS;
    const max = s.ARM_POLL_MAX_SECONDS;
    if (min !== undefined && max !== undefined && min > max) {
      ctx.addIssue({ code: 'custom', path: ['ARM_POLL_MAX_SECONDS'], message: `must be >= ARM_POLL_MIN_SECONDS (${min}), got "${max}"` });
    }
  });

/**
 * Parses the product's app settings, reporting every problem at once in one ConfigError.
 * Settings the product does not own (host settings, other apps' values) are ignored.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  // Only our own settings, each present (absent = ""), so defaults and "required" are decided in one place.
  const own = Object.fromEntries(PRODUCT_SETTINGS.map((s) => [s.name, env[s.name] ?? '']));
  // jitless: parsed once per process, so zod's generated fast parser would cost more than it saves (loadCatalog.ts).
  const result = settingsSchema.safeParse(own, { jitless: true });
  // The store's location is read from the host's storage settings, which are not ours to list (productSettings.ts).
  const located = runStoreLocation(env);
  const problems = result.success ? [] : result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
  if (!located.ok) problems.push(located.problem);
  if (!result.success || !located.ok) throw new ConfigError(problems);
  const s = result.data;
  // Required settings were checked above; these guards only narrow the types.
  const need = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new ConfigError([{ path: name, message: 'required, but not set' }]);
    return value;
  };
  const config: AppConfig = {
    catalogPath: need(s.CATALOG_PATH, 'CATALOG_PATH'),
    armEndpoint: need(s.AZURE_ARM_ENDPOINT, 'AZURE_ARM_ENDPOINT'),
    taskHubName: need(s.TASK_HUB_NAME, 'TASK_HUB_NAME'),
    rebuildSchedule: need(s.REBUILD_SCHEDULE, 'REBUILD_SCHEDULE'),
    pruneSchedule: need(s.PRUNE_SCHEDULE, 'PRUNE_SCHEDULE'),
    policyScanSchedule: need(s.POLICY_SCAN_SCHEDULE, 'POLICY_SCAN_SCHEDULE'),
    maxConcurrentBuilds: need(s.MAX_CONCURRENT_BUILDS, 'MAX_CONCURRENT_BUILDS'),
    armPollMinSeconds: need(s.ARM_POLL_MIN_SECONDS, 'ARM_POLL_MIN_SECONDS'),
    armPollMaxSeconds: need(s.ARM_POLL_MAX_SECONDS, 'ARM_POLL_MAX_SECONDS'),
    armMaxRetryAfterSeconds: need(s.ARM_MAX_RETRY_AFTER_SECONDS, 'ARM_MAX_RETRY_AFTER_SECONDS'),
    authMode: need(s.AUTH_MODE, 'AUTH_MODE'),
    // The platform's own setting, not ours to list or validate: anything but "true" means Easy Auth is off.
    platformAuthEnabled: (env.WEBSITE_AUTH_ENABLED ?? '').trim().toLowerCase() === 'true',
    runStore: {
      table: need(s.RUN_HISTORY_TABLE, 'RUN_HISTORY_TABLE'),
      historyDays: need(s.RUN_HISTORY_DAYS, 'RUN_HISTORY_DAYS'),
      location: located.location,
    },
  };
  if (s.AZURE_ARM_CA_FILE !== undefined) config.armCaFile = s.AZURE_ARM_CA_FILE;
  if (s.AZURE_CLIENT_ID !== undefined) config.clientId = s.AZURE_CLIENT_ID;
  if (s.NOTIFY_TOPIC_ENDPOINT !== undefined) config.notifyTopicEndpoint = s.NOTIFY_TOPIC_ENDPOINT;
  if (s.RUN_LOGS_CONTAINER_URI !== undefined) config.runLogsContainerUri = s.RUN_LOGS_CONTAINER_URI;
  const insights = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
  if (insights !== undefined && insights !== '') config.applicationInsightsConnectionString = insights;
  return config;
}
