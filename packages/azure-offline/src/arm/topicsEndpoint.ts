/**
 * The emulated topic endpoint under the control API's prefix: `POST /_emulator/topics/{name}/api/events` is where an
 * `EventGridPublisherClient` built with `<endpoint>` = `…/_emulator/topics/{name}/api/events` posts. Like a topic
 * with access keys off it wants an Entra bearer token (401 otherwise) and, with the CloudEvents schema, CloudEvents
 * 1.0 (400 otherwise). Faults registered through `/_emulator/faults` whose path matches apply here as on ARM, so a
 * test can make the topic fail. `GET …/events` lists what it recorded; `GET …/deliveries` how each request came.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { armErrorBody } from './armError';
import { sendJson } from './armServer';
import type { FaultRegistry } from './faults';
import type { TopicStore } from './topics';
import { cloudEventProblem } from './topicsCloudEvents';

export interface TopicEndpointDeps {
  topics: TopicStore;
  faults: FaultRegistry;
}

const TOPIC_PATH = /^\/_emulator\/topics\/([^/]+)\/(api\/events|events|deliveries)$/i;

// Same tolerance as the rest of the control API: doubled and trailing slashes.
function normalize(pathname: string): string {
  return pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
}

export function isTopicPath(pathname: string): boolean {
  return TOPIC_PATH.test(normalize(pathname));
}

/** The audience of a token from the emulated identity endpoint (`emulated.<base64url JSON>.<random>`), else null. */
export function tokenAudience(token: string): string | null {
  const [prefix, payload] = token.split('.');
  if (prefix !== 'emulated' || payload === undefined) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && 'aud' in claims && typeof claims.aud === 'string' ? claims.aud : null;
  } catch {
    return null;
  }
}

function parseEvents(text: string): { events: unknown[] } | { problem: string } {
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch (error) {
    return { problem: `The request body is not valid JSON: ${(error as Error).message}` };
  }
  const events = Array.isArray(body) ? body : [body];
  if (events.length === 0) return { problem: 'The batch is empty: send at least one event.' };
  const problem = events.map((event, index) => cloudEventProblem(event, index)).find((p) => p !== null);
  return problem ? { problem: `Invalid CloudEvent: ${problem}.` } : { events };
}

export function createTopicEndpoint(deps: TopicEndpointDeps) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL, bodyText: string): Promise<void> => {
    const path = normalize(url.pathname);
    const match = TOPIC_PATH.exec(path);
    const method = (req.method ?? 'GET').toUpperCase();
    const name = match?.[1] ?? '';
    const what = match?.[2]?.toLowerCase();
    if (method === 'GET' && what === 'events') return sendJson(res, 200, { events: deps.topics.events(name) });
    if (method === 'GET' && what === 'deliveries') return sendJson(res, 200, { deliveries: deps.topics.deliveries(name) });
    if (method !== 'POST' || what !== 'api/events') {
      return sendJson(res, 405, armErrorBody('MethodNotAllowed', `'${method} ${path}' is not supported: POST …/api/events, GET …/events or …/deliveries.`));
    }

    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) {
      return sendJson(res, 401, armErrorBody('Unauthorized', 'The request needs an Entra ID bearer token (the topic has access keys disabled).'), {
        'WWW-Authenticate': 'Bearer',
      });
    }
    for (const fault of deps.faults.take(method, path)) {
      if (fault.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
      if (fault.reset) {
        req.socket.destroy();
        return;
      }
      if (fault.status) {
        const code = fault.code ?? (fault.status === 429 ? 'TooManyRequests' : fault.status === 503 ? 'ServiceUnavailable' : 'InternalServerError');
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
        return sendJson(res, fault.status, armErrorBody(code, fault.message ?? `Injected fault (${fault.id}).`), headers);
      }
    }
    const parsed = parseEvents(bodyText);
    if ('problem' in parsed) return sendJson(res, 400, armErrorBody('BadRequest', parsed.problem));
    const received = deps.topics.receive(name, parsed.events, {
      contentType: req.headers['content-type'] ?? null,
      apiVersion: url.searchParams.get('api-version'),
      audience: tokenAudience(token),
    });
    sendJson(res, 200, { received });
  };
}
