/**
 * The control API under /_emulator/ (no token, no api-version, not logged): request log, faults, marketplace,
 * clock, seed, reset, run-command failure rules, state dump, notification topics, the blobs run commands wrote and
 * Entra ID access tokens (`POST /_emulator/tokens`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArmError, armErrorBody, badRequest } from './armError';
import { sendJson } from './armServer';
import { isBlobPath, serveBlobs } from './blobEndpoint';
import type { EmulatorContext } from './context';
import { parseFault, type FaultRegistry } from './faults';
import { isObject } from './json';
import { normalizeRegion } from './regions';
import type { RequestLog } from './requestLog';
import { applySeed, parseSeed, SeedError } from './seed';
import { runCommandFailureSchema } from './seedSchema';
import { settle } from './settle';
import { emptyState } from './state';
import type { TopicStore } from './topics';
import type { EntraIssuer } from './entraIssuer';
import { createTopicEndpoint, isTopicPath } from './topicsEndpoint';

const MAX_ADVANCE_SECONDS = 100 * 365 * 86_400;
/** The last instant before year 10000: ISO strings and ARM date fields keep four-digit years. */
const LAST_CLOCK_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

export interface ControlDeps {
  ctx: EmulatorContext;
  faults: FaultRegistry;
  requests: RequestLog;
  topics: TopicStore;
  entra: EntraIssuer;
}

interface ControlResult {
  status: number;
  body?: unknown;
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequest('InvalidRequestContent', `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

export function createControlHandler(deps: ControlDeps) {
  const { ctx } = deps;

  function route(method: string, path: string, body: () => unknown): ControlResult {
    const sub = path.replace(/^\/_emulator/i, '').toLowerCase();
    switch (`${method} ${sub}`) {
      case 'GET /requests':
        return { status: 200, body: { requests: deps.requests.list() } };
      case 'DELETE /requests':
        deps.requests.clear();
        return { status: 204 };
      case 'GET /faults':
        return { status: 200, body: { faults: deps.faults.list() } };
      case 'POST /faults':
        return { status: 201, body: { id: deps.faults.add(parseFault(body())).id } };
      case 'DELETE /faults':
        deps.faults.clear();
        return { status: 204 };
      case 'POST /marketplace':
        return addMarketplaceImage(body());
      case 'GET /clock':
        return { status: 200, body: { now: ctx.clock.now().toISOString() } };
      case 'POST /clock':
        return advanceClock(body());
      case 'POST /seed':
        applySeed(ctx, parseSeed(body()));
        return { status: 200, body: { applied: true } };
      case 'POST /reset':
        ctx.store.replace(emptyState());
        applySeed(ctx, parseSeed({}));
        deps.faults.clear();
        deps.requests.clear();
        deps.topics.clear();
        return { status: 200, body: { reset: true } };
      case 'POST /runcommand-failures': {
        const parsed = runCommandFailureSchema.safeParse(body());
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw badRequest('InvalidParameter', `'${issue?.path.join('.') ?? ''}': ${issue?.message ?? 'invalid'}`);
        }
        ctx.store.state.runCommandFailures.push(parsed.data);
        ctx.store.changed();
        return { status: 201, body: parsed.data };
      }
      case 'DELETE /runcommand-failures':
        ctx.store.state.runCommandFailures = [];
        ctx.store.changed();
        return { status: 204 };
      case 'POST /tokens':
        return { status: 200, body: deps.entra.mint(body()) };
      case 'GET /state':
        settle(ctx, ctx.clock.now().getTime());
        return { status: 200, body: ctx.store.state };
      default:
        throw new ArmError(404, 'NotFound', `No control endpoint '${method} ${path}'. See packages/azure-offline/docs/emulator.md.`);
    }
  }

  function addMarketplaceImage(body: unknown): ControlResult {
    if (!isObject(body)) throw badRequest('InvalidRequestContent', 'The body must be a JSON object.');
    const fields = ['location', 'publisher', 'offer', 'sku', 'version'] as const;
    const values = fields.map((f) => {
      const v = body[f];
      if (typeof v !== 'string' || v === '') throw badRequest('InvalidParameter', `'${f}' is required and must be a non-empty string.`);
      return v;
    });
    const [location, publisher, offer, sku, version] = values as [string, string, string, string, string];
    if (!/^\d+\.\d+\.\d+$/.test(version)) throw badRequest('InvalidParameter', "'version' must be Major.Minor.Patch.");
    const osType = body.osType === 'Windows' ? 'Windows' : 'Linux';
    const image = { location: normalizeRegion(location), publisher, offer, sku, version, osType, hyperVGeneration: 'V2', architecture: 'x64' } as const;
    ctx.store.state.platformImages.push({ ...image });
    ctx.store.changed();
    return { status: 201, body: image };
  }

  function advanceClock(body: unknown): ControlResult {
    const seconds = isObject(body) ? body.advanceSeconds : undefined;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      throw badRequest('InvalidParameter', "'advanceSeconds' is required: a finite number of seconds >= 0.");
    }
    // Beyond a century nothing the emulator models changes, and far enough the date becomes invalid for everyone.
    if (seconds > MAX_ADVANCE_SECONDS) {
      throw badRequest('InvalidParameter', `'advanceSeconds' must be at most ${MAX_ADVANCE_SECONDS} (100 years), got ${seconds}.`);
    }
    if (ctx.clock.now().getTime() + seconds * 1000 > LAST_CLOCK_MS) {
      throw badRequest('InvalidParameter', `'advanceSeconds' ${seconds} would move the clock past ${new Date(LAST_CLOCK_MS).toISOString()}.`);
    }
    const now = ctx.clock.advance(seconds);
    return { status: 200, body: { now: now.toISOString() } };
  }

  // Topics answer like Event Grid (token, CloudEvents validation, faults), not like the rest of the control API.
  const topicEndpoint = createTopicEndpoint({ topics: deps.topics, faults: deps.faults });

  return async (req: IncomingMessage, res: ServerResponse, url: URL, bodyText: string): Promise<void> => {
    if (isTopicPath(url.pathname)) return topicEndpoint(req, res, url, bodyText);
    if (isBlobPath(url.pathname)) return serveBlobs(ctx, req, res, url);
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      const result = route(method, url.pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1'), () => parseBody(bodyText));
      sendJson(res, result.status, result.body);
    } catch (error) {
      if (error instanceof ArmError) return sendJson(res, error.status, armErrorBody(error.code, error.message));
      if (error instanceof SeedError) {
        return sendJson(res, 400, { error: { code: 'InvalidSeed', message: error.message, details: error.problems.map((p) => ({ code: 'InvalidSeed', target: p.path, message: p.message })) } });
      }
      ctx.log(`control: internal error on ${method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`);
      sendJson(res, 500, armErrorBody('InternalServerError', (error as Error).message));
    }
  };
}
