/**
 * The credential the page adds to its API calls, besides the same-origin cookie (App Service authentication in
 * Azure): an Entra ID token (`Authorization: Bearer`) or a function key (`x-functions-key`). Given once in the URL
 * fragment (never sent to a server, unlike a query) or in the form; kept in sessionStorage, so it ends with the tab.
 */
export type Credential = { kind: 'token' | 'key'; value: string };

const STORAGE_KEY = 'image-autopilot.credential';

export function storedCredential(): Credential | undefined {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Credential | null;
    return parsed && (parsed.kind === 'token' || parsed.kind === 'key') && typeof parsed.value === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function storeCredential(credential: Credential | undefined): void {
  if (credential === undefined) sessionStorage.removeItem(STORAGE_KEY);
  else sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credential));
}

/** `#token=<jwt>` or `#key=<function key>`: moved to sessionStorage and wiped from the address bar and history. */
export function takeCredentialFromFragment(): void {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = fragment.get('token');
  const key = fragment.get('key');
  const credential: Credential | undefined = token ? { kind: 'token', value: token } : key ? { kind: 'key', value: key } : undefined;
  if (credential === undefined) return;
  storeCredential(credential);
  history.replaceState(null, '', location.pathname + location.search);
}

export function credentialHeaders(): Record<string, string> {
  const credential = storedCredential();
  if (credential === undefined) return {};
  return credential.kind === 'token' ? { Authorization: `Bearer ${credential.value}` } : { 'x-functions-key': credential.value };
}
