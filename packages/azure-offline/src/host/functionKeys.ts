/**
 * Function keys for `authLevel: 'function'` HTTP triggers, as Azure checks them: the `x-functions-key` header or the
 * `code` query parameter. Compared in constant time; `anonymous` routes need none.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RegisteredFunction } from './ports';
import { triggerBinding } from './toRegisteredFunction';

function same(given: string, key: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hasFunctionKey(fn: RegisteredFunction, url: URL, headers: IncomingHttpHeaders, key: string): boolean {
  const level = triggerBinding(fn).authLevel;
  if (typeof level !== 'string' || level.toLowerCase() === 'anonymous') return true;
  const header = headers['x-functions-key'];
  const given = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('code') ?? '';
  return same(given, key);
}
