import { credentialHeaders } from './credentials.js';

/** The API is the page's parent path: the page is `<prefix>/ui/index.html`, the routes `<prefix>/...`. */
export const apiBase = new URL('../', location.href);

/** The API refused the caller (401: no or a bad credential; 403: a role is missing). Shown, never a blank page. */
export class AccessDenied extends Error {
  constructor(readonly status: number, readonly path: string) {
    super(status === 401 ? 'The API needs you to sign in or give a credential (401).' : 'Your account lacks the role this needs (403).');
  }
}

export class ApiFailure extends Error {
  /** `runId`: the run a 409 `*_RUNNING` names, the one holding the lock the start needs. */
  constructor(readonly status: number, readonly code: string, message: string, readonly runId?: string) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string): Promise<T> {
  const response = await fetch(new URL(path, apiBase), {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...credentialHeaders(), ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}) },
    ...(method === 'POST' ? { body: '{}' } : {}),
  });
  if (response.status === 401 || response.status === 403) throw new AccessDenied(response.status, path);
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const answer = body as { error?: { code?: string; message?: string }; runId?: unknown } | undefined;
    const error = answer?.error;
    const runId = typeof answer?.runId === 'string' ? answer.runId : undefined;
    throw new ApiFailure(response.status, error?.code ?? `HTTP_${response.status}`, error?.message ?? `${method} ${path} answered ${response.status}`, runId);
  }
  return body as T;
}

export const apiGet = <T>(path: string) => call<T>('GET', path);
export const apiPost = <T>(path: string) => call<T>('POST', path);

/** A download of an API answer with the page's credential (a plain link would carry only the cookie). */
export async function download(path: string, fileName: string): Promise<void> {
  const response = await fetch(new URL(path, apiBase), { credentials: 'same-origin', headers: credentialHeaders() });
  if (response.status === 401 || response.status === 403) throw new AccessDenied(response.status, path);
  if (!response.ok) throw new ApiFailure(response.status, `HTTP_${response.status}`, `GET ${path} answered ${response.status}`);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
