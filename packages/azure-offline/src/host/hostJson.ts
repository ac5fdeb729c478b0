import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface HostJsonSettings {
  routePrefix: string;
  /** `extensions.durableTask.hubName`, unresolved (may be `%TASK_HUB_NAME%`). */
  hubName?: string;
}

/** host.json sits next to the package.json that owns the app, as in a deployed function app's root. */
export function defaultHostJsonPath(appEntry: string): string {
  let dir = dirname(appEntry);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'host.json');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json found above app entry '${appEntry}'; pass hostJsonPath`);
    dir = parent;
  }
}

export function parseHostJson(text: string, source: string): HostJsonSettings {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON: ${(error as Error).message}`);
  }
  const extensions = (doc as { extensions?: { http?: { routePrefix?: unknown }; durableTask?: { hubName?: unknown } } } | null)?.extensions;
  const prefix = extensions?.http?.routePrefix;
  if (prefix !== undefined && typeof prefix !== 'string') throw new Error(`${source}: extensions.http.routePrefix must be a string`);
  const hubName = extensions?.durableTask?.hubName;
  if (hubName !== undefined && typeof hubName !== 'string') throw new Error(`${source}: extensions.durableTask.hubName must be a string`);
  return { routePrefix: (prefix ?? 'api').trim().replace(/^\/+|\/+$/g, ''), hubName };
}

export function readHostJson(path: string): HostJsonSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`host.json '${path}' cannot be read: ${(error as Error).message}`);
  }
  return parseHostJson(text.replace(/^\uFEFF/, ''), path);
}
