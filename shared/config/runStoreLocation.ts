import { showSetting } from './looksSecret';
import type { Problem } from './Problem';

import type { RunStoreLocation } from '../ports/runStore';

export type { RunStoreLocation };

/** The host's own storage settings; the run store shares the host's account, so it reads them as the host does. */
export const STORE_SETTINGS = {
  connectionString: 'AzureWebJobsStorage',
  tableServiceUri: 'AzureWebJobsStorage__tableServiceUri',
  accountName: 'AzureWebJobsStorage__accountName',
} as const;

type Located = { ok: true; location: RunStoreLocation } | { ok: false; problem: Problem };

const CONNECTION_RULE =
  'must be a storage connection string: UseDevelopmentStorage=true, or Key=Value pairs separated by ";" that include AccountName or TableEndpoint';

function connectionString(value: string): Located {
  const fail: Located = { ok: false, problem: { path: STORE_SETTINGS.connectionString, message: `${CONNECTION_RULE}, got ${showSetting(STORE_SETTINGS.connectionString, value)}` } };
  if (/^UseDevelopmentStorage=true;?$/i.test(value)) return { ok: true, location: { kind: 'connectionString', connectionString: value } };
  const keys = new Set<string>();
  for (const part of value.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return fail;
    keys.add(part.slice(0, eq).trim().toLowerCase());
  }
  return keys.has('accountname') || keys.has('tableendpoint') ? { ok: true, location: { kind: 'connectionString', connectionString: value } } : fail;
}

function tableServiceUri(value: string): Located {
  const bad = (rule: string): Located => ({ ok: false, problem: { path: STORE_SETTINGS.tableServiceUri, message: `${rule}, got ${showSetting(STORE_SETTINGS.tableServiceUri, value)}` } });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad('must be an absolute https URL');
  }
  if (url.protocol !== 'https:') return bad('must use https');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return bad('must be a plain endpoint (no credentials, query or fragment: the identity signs in)');
  return { ok: true, location: { kind: 'identity', endpoint: url.href.replace(/\/+$/, '') } };
}

function accountName(value: string): Located {
  return /^[a-z0-9]{3,24}$/.test(value)
    ? { ok: true, location: { kind: 'identity', endpoint: `https://${value}.table.core.windows.net` } }
    : { ok: false, problem: { path: STORE_SETTINGS.accountName, message: `must be a storage account name (3-24 lowercase letters or digits), got ${showSetting(STORE_SETTINGS.accountName, value)}` } };
}

/**
 * The connection string wins, as it does for the host; otherwise the identity-based form, an explicit table endpoint
 * before one derived from the account name. Empty values count as unset.
 */
export function runStoreLocation(env: Record<string, string | undefined>): Located {
  const read = (name: string) => env[name]?.trim() || undefined;
  const cs = read(STORE_SETTINGS.connectionString);
  if (cs !== undefined) return connectionString(cs);
  const uri = read(STORE_SETTINGS.tableServiceUri);
  if (uri !== undefined) return tableServiceUri(uri);
  const account = read(STORE_SETTINGS.accountName);
  if (account !== undefined) return accountName(account);
  return {
    ok: false,
    problem: {
      path: STORE_SETTINGS.connectionString,
      message: `required, but not set: the run store needs the Functions storage account (${STORE_SETTINGS.connectionString}, or ${STORE_SETTINGS.tableServiceUri} / ${STORE_SETTINGS.accountName} for an identity-based connection)`,
    },
  };
}
