/**
 * Injected faults: each matches requests by method and a case-insensitive path substring, fires `count` times (with
 * an optional probability), and either answers an error status, delays, resets the connection, fails the operation
 * the request starts, or fails replication to a region.
 */
import { randomUUID } from 'node:crypto';
import { badRequest } from './armError';
import { isObject } from './json';

export interface FaultSpec {
  method?: string;
  path: string;
  status?: 429 | 500 | 503;
  retryAfter?: number;
  count: number;
  probability?: number;
  latencyMs?: number;
  reset?: boolean;
  lro?: 'fail';
  region?: string;
  code?: string;
  message?: string;
}

export interface Fault extends FaultSpec {
  id: string;
  fired: number;
}

const FIELDS = ['method', 'path', 'status', 'retryAfter', 'count', 'probability', 'latencyMs', 'reset', 'lro', 'region', 'code', 'message'];

export function parseFault(body: unknown): FaultSpec {
  if (!isObject(body)) throw badRequest('InvalidRequestContent', 'The fault must be a JSON object.');
  const unknown = Object.keys(body).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) throw badRequest('InvalidParameter', `Unknown fault field(s): ${unknown.join(', ')}; allowed: ${FIELDS.join(', ')}.`);
  const { method, path, status, retryAfter, count, probability, latencyMs, reset, lro, region, code, message } = body;
  const optString = (v: unknown, name: string) => {
    if (v !== undefined && typeof v !== 'string') throw badRequest('InvalidParameter', `'${name}' must be a string.`);
    return v;
  };
  const optNumber = (v: unknown, name: string, min: number, max: number, integer: boolean) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || v < min || v > max || (integer && !Number.isInteger(v))) {
      throw badRequest('InvalidParameter', `'${name}' must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}.`);
    }
    return v;
  };
  if (typeof path !== 'string' || path === '') throw badRequest('InvalidParameter', "'path' is required: a case-insensitive substring of the request path.");
  if (status !== undefined && status !== 429 && status !== 500 && status !== 503) throw badRequest('InvalidParameter', "'status' must be 429, 500 or 503.");
  if (reset !== undefined && typeof reset !== 'boolean') throw badRequest('InvalidParameter', "'reset' must be a boolean.");
  if (lro !== undefined && lro !== 'fail') throw badRequest('InvalidParameter', "'lro' must be \"fail\".");
  const spec: FaultSpec = { path, count: optNumber(count, 'count', 1, 1_000_000, true) ?? 1 };
  const m = optString(method, 'method');
  if (m) spec.method = m.toUpperCase();
  if (status !== undefined) spec.status = status;
  const ra = optNumber(retryAfter, 'retryAfter', 0, 86400, true);
  if (ra !== undefined) spec.retryAfter = ra;
  const pr = optNumber(probability, 'probability', 0, 1, false);
  if (pr !== undefined) spec.probability = pr;
  const lat = optNumber(latencyMs, 'latencyMs', 0, 600_000, true);
  if (lat !== undefined) spec.latencyMs = lat;
  if (reset) spec.reset = true;
  if (lro) spec.lro = lro;
  const r = optString(region, 'region');
  if (r) spec.region = r;
  const c = optString(code, 'code');
  if (c) spec.code = c;
  const msg = optString(message, 'message');
  if (msg) spec.message = msg;
  if (!spec.status && !spec.latencyMs && !spec.reset && !spec.lro && !spec.region) {
    throw badRequest('InvalidParameter', "A fault needs at least one effect: 'status', 'latencyMs', 'reset', 'lro' or 'region'.");
  }
  return spec;
}

export class FaultRegistry {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: randomUUID(), fired: 0 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Faults that fire for this request; each firing uses up one of its count. */
  take(method: string, path: string, random: () => number = Math.random): Fault[] {
    const lowerPath = path.toLowerCase();
    const fired: Fault[] = [];
    for (const fault of this.faults) {
      if (fault.fired >= fault.count) continue;
      if (fault.method && fault.method !== method.toUpperCase()) continue;
      if (!lowerPath.includes(fault.path.toLowerCase())) continue;
      if (fault.probability !== undefined && random() >= fault.probability) continue;
      fault.fired += 1;
      fired.push(fault);
    }
    this.faults = this.faults.filter((f) => f.fired < f.count);
    return fired;
  }
}
