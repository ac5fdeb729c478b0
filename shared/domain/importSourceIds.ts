/**
 * Syntax of an import source as a request gives it: resource IDs of the right type, and a VHD URI that is a blob of
 * the named storage account. Checked at the edge, so a value that could never be a source never becomes a request
 * path, and a VHD named in another account than the one given is refused without asking ARM.
 */
import { checkAzureName } from './names';

const MAX_ID_LENGTH = 1000;
// Managed image, snapshot and disk names: 1–80 letters, digits, `_`, `.`, `-`, starting with a letter or digit and
// ending with a letter, digit or `_` (Microsoft.Compute naming rules).
const COMPUTE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;
// Storage account names: 3–24 lower-case letters and digits, globally unique (they are the blob host name).
const STORAGE_ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;

export type SourceIdType = 'images' | 'snapshots' | 'disks' | 'storageAccounts';

const PROVIDERS: Record<SourceIdType, string> = {
  images: 'Microsoft.Compute',
  snapshots: 'Microsoft.Compute',
  disks: 'Microsoft.Compute',
  storageAccounts: 'Microsoft.Storage',
};

/** Null when `id` is a resource ID of `type` whose segments keep Azure's naming rules; else what is wrong. */
export function sourceIdProblem(id: string, type: SourceIdType): string | null {
  const provider = PROVIDERS[type];
  const expected = `must be a ${provider}/${type} resource ID (/subscriptions/…/resourceGroups/…/providers/${provider}/${type}/…)`;
  if (id.length > MAX_ID_LENGTH) return `is ${id.length} characters long; a resource ID has at most ${MAX_ID_LENGTH}`;
  const pattern = new RegExp(`^/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/${provider.replace('.', '\\.')}/${type}/([^/]+)$`, 'i');
  const match = pattern.exec(id);
  if (!match) return expected;
  const [, subscription = '', resourceGroup = '', name = ''] = match;
  const violations = [...checkAzureName('subscription', subscription), ...checkAzureName('resourceGroup', resourceGroup)];
  if (violations.length > 0) return violations.map((v) => `${v.message} (${v.rule})`).join('; ');
  const nameOk = type === 'storageAccounts' ? STORAGE_ACCOUNT_NAME.test(name) : COMPUTE_NAME.test(name);
  if (!nameOk) {
    return type === 'storageAccounts'
      ? `storage account name '${name}' must be 3 to 24 lower-case letters and digits`
      : `name '${name.slice(0, 100)}' must be 1 to 80 letters, digits, '_', '.' or '-', start with a letter or digit and end with a letter, digit or '_'`;
  }
  return null;
}

/**
 * Null when `uri` is an https URI of a page blob path (`/<container>/<blob>.vhd`) in the storage account that
 * `storageAccountId` names (`https://<account>.blob.<storage suffix>/…`), else what is wrong. ARM requires both and
 * refuses a VHD outside the account; saying so here costs no request.
 */
export function vhdUriProblem(uri: string, storageAccountId: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'must be an absolute https URI of a blob';
  }
  if (url.protocol !== 'https:') return 'must be an https URI';
  if (url.username !== '' || url.password !== '') return 'must not carry credentials';
  const segments = url.pathname.split('/').filter((s) => s !== '');
  if (segments.length < 2) return 'must name a blob in a container (https://<account>.blob.core.windows.net/<container>/<blob>.vhd)';
  if (!/\.vhd$/i.test(url.pathname)) return "must name a .vhd blob (ARM imports fixed-size VHDs only)";
  const account = storageAccountId.replace(/\/$/, '').split('/').pop()?.toLowerCase() ?? '';
  const host = url.hostname.toLowerCase();
  const [hostAccount = '', service = ''] = host.split('.');
  if (service !== 'blob' || hostAccount !== account) {
    return `must be a blob of storage account '${account}' (https://${account}.blob.…/<container>/<blob>.vhd); its host is '${host}'`;
  }
  return null;
}
