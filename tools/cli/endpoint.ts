import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors';

export const URL_ENV = 'IMAGE_AUTOPILOT_URL';
export const KEY_ENV = 'IMAGE_AUTOPILOT_KEY';
export const TOKEN_ENV = 'IMAGE_AUTOPILOT_TOKEN';
const ENDPOINTS_FILE = path.join('.local', 'endpoints.json');

export interface EndpointInput {
  url?: string;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The project the CLI was installed from: its `npm run local` writes the endpoints file there too. */
  packageRoot: string;
}

function functionsUrlOf(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'functions' in parsed && typeof parsed.functions === 'string') return parsed.functions;
  } catch {
    // Half-written or foreign: treated as absent, and the error below names where to look.
  }
  throw new UsageError(`${file} has no "functions" URL: restart npm run local, or give --url`);
}

function checked(url: string, source: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`${source}: '${url}' is not a URL (expected e.g. http://127.0.0.1:7071)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`${source}: '${url}' must be an http or https URL`);
  return url.replace(/\/+$/, '');
}

/** `--url`, else IMAGE_AUTOPILOT_URL, else the `functions` URL `npm run local` wrote to .local/endpoints.json. */
function endpointsFiles(input: EndpointInput): string[] {
  return [...new Set([path.resolve(input.cwd, ENDPOINTS_FILE), path.resolve(input.packageRoot, ENDPOINTS_FILE)])];
}

export function resolveEndpoint(input: EndpointInput): string {
  if (input.url !== undefined) return checked(input.url, '--url');
  const fromEnv = input.env[URL_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return checked(fromEnv, URL_ENV);
  for (const file of endpointsFiles(input)) {
    const url = functionsUrlOf(file);
    if (url !== undefined) return checked(url, file);
  }
  throw new UsageError(`no endpoint: give --url <url>, set ${URL_ENV}, or start npm run local (it writes ${ENDPOINTS_FILE})`);
}

export function resolveKey(key: string | undefined, env: Record<string, string | undefined>): string | undefined {
  if (key !== undefined) return key;
  const fromEnv = env[KEY_ENV];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

export interface Credentials {
  /** Sent as `authorization: Bearer <token>` (sign-in, docs/security.md). */
  token?: string;
  /** Sent as `x-functions-key` (AUTH_MODE=keys). */
  key?: string;
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

/** What `npm run local` wrote for this URL: its Operator token or its function key. */
function localCredentials(baseUrl: string, input: EndpointInput): Credentials {
  for (const file of endpointsFiles(input)) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { functions?: unknown; token?: unknown; functionKey?: unknown };
      if (typeof parsed.functions !== 'string' || parsed.functions.replace(/\/+$/, '') !== baseUrl) continue;
      if (typeof parsed.token === 'string') return { token: parsed.token };
      if (typeof parsed.functionKey === 'string') return { key: parsed.functionKey };
    } catch {
      // Absent, half-written or foreign: no credentials from it.
    }
  }
  return {};
}

/** `--token`, else $IMAGE_AUTOPILOT_TOKEN, else `--key` / $IMAGE_AUTOPILOT_KEY, else what `npm run local` wrote for this URL. */
export function resolveCredentials(baseUrl: string, given: { token?: string; key?: string }, input: EndpointInput): Credentials {
  const token = nonEmpty(given.token) ?? nonEmpty(input.env[TOKEN_ENV]);
  if (token !== undefined) return { token };
  const key = resolveKey(given.key, input.env);
  if (key !== undefined) return { key };
  return localCredentials(baseUrl, input);
}
