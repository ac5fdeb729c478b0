import { parseRouteConstraint, type RouteConstraint } from './routeConstraints';

interface LiteralPart {
  kind: 'literal';
  text: string;
}

interface ParamPart {
  kind: 'param';
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue?: string;
  constraints: RouteConstraint[];
}

type Part = LiteralPart | ParamPart;

export interface RouteTemplate {
  template: string;
  paramNames: string[];
  /** Lower sorts first: literal segments beat constrained parameters beat plain ones beat optional and catch-all. */
  precedence: number[];
  match(path: string): Record<string, string> | undefined;
}

export class RouteTemplateError extends Error {
  constructor(readonly template: string, rule: string) {
    super(`route '${template}': ${rule}`);
    this.name = 'RouteTemplateError';
  }
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits a segment into literal text and `{…}` parameters; `{{` and `}}` are literal braces, as in ASP.NET. */
function splitSegment(template: string, segment: string): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < segment.length) {
    const ch = segment.charAt(i);
    if (ch === '{' && segment.charAt(i + 1) === '{') {
      literal += '{';
      i += 2;
    } else if (ch === '}' && segment.charAt(i + 1) === '}') {
      literal += '}';
      i += 2;
    } else if (ch === '}') {
      throw new RouteTemplateError(template, `unmatched '}' in segment '${segment}'`);
    } else if (ch === '{') {
      let depth = 0;
      let body = '';
      let j = i + 1;
      for (; j < segment.length; j++) {
        const c = segment.charAt(j);
        if (depth > 0 && (c === '{' || c === '}') && segment.charAt(j + 1) === c) {
          body += c;
          j++;
          continue;
        }
        if (c === '(') depth++;
        if (c === ')') depth = Math.max(0, depth - 1);
        if (c === '}' && depth === 0) break;
        body += c;
      }
      if (j >= segment.length) throw new RouteTemplateError(template, `unterminated parameter in segment '${segment}'`);
      if (literal) parts.push({ kind: 'literal', text: literal });
      literal = '';
      parts.push(parseParam(template, body));
      i = j + 1;
    } else {
      literal += ch;
      i++;
    }
  }
  if (literal) parts.push({ kind: 'literal', text: literal });
  return parts;
}

function splitConstraints(text: string): string[] {
  const list: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth = Math.max(0, depth - 1);
    if (c === ':' && depth === 0) {
      list.push(current);
      current = '';
    } else current += c;
  }
  list.push(current);
  return list;
}

function parseParam(template: string, body: string): ParamPart {
  let text = body.trim();
  const catchAll = text.startsWith('*');
  if (catchAll) text = text.replace(/^\*+/, '');
  const [head = '', ...constraintTexts] = splitConstraints(text);
  let name = head;
  let defaultValue: string | undefined;
  let optional = false;
  // `?` and `=default` sit after the last constraint (`{id:int?}`) or right after the name (`{id?}`).
  const last = constraintTexts.length > 0 ? constraintTexts.pop() ?? '' : undefined;
  let tail = last ?? name;
  const eq = tail.indexOf('=');
  if (eq >= 0 && !(last !== undefined && tail.includes('(') && tail.indexOf('(') < eq)) {
    defaultValue = tail.slice(eq + 1);
    tail = tail.slice(0, eq);
  }
  if (tail.endsWith('?')) {
    optional = true;
    tail = tail.slice(0, -1);
  }
  if (last === undefined) name = tail;
  else constraintTexts.push(tail);
  if (!PARAM_NAME.test(name)) {
    throw new RouteTemplateError(template, `parameter name '${name}' must start with a letter or '_' and contain only letters, digits and '_'`);
  }
  if (optional && defaultValue !== undefined) throw new RouteTemplateError(template, `parameter '${name}' cannot be both optional and have a default`);
  const constraints = constraintTexts.map((c) => {
    try {
      return parseRouteConstraint(c);
    } catch (error) {
      throw new RouteTemplateError(template, `parameter '${name}': ${(error as Error).message}`);
    }
  });
  return { kind: 'param', name, optional, catchAll, defaultValue, constraints };
}

function segmentWeight(parts: Part[]): number {
  if (parts.every((p) => p.kind === 'literal')) return 1;
  if (parts.length > 1) return 2;
  const param = parts[0] as ParamPart;
  if (param.catchAll) return 6;
  if (param.optional || param.defaultValue !== undefined) return 5;
  return param.constraints.length > 0 ? 3 : 4;
}

/**
 * Parses a Functions `route` template (ASP.NET Core syntax: `{x}`, `{x?}`, `{x=d}`, `{x:int}`, `{*rest}`) relative to
 * the route prefix. Mistakes are reported at host start naming the template and the rule broken.
 */
export function parseRouteTemplate(template: string): RouteTemplate {
  const trimmed = template.trim().replace(/^\/+|\/+$/g, '');
  if (/[?#]/.test(trimmed.replace(/\{[^}]*\}/g, ''))) throw new RouteTemplateError(template, `must not contain '?' or '#' outside parameters`);
  const segments = trimmed === '' ? [] : trimmed.split('/');
  const parts = segments.map((segment) => {
    if (segment === '') throw new RouteTemplateError(template, 'empty segment (two consecutive slashes)');
    return splitSegment(template, segment);
  });
  const names: string[] = [];
  let source = '^';
  parts.forEach((segmentParts, index) => {
    const isLast = index === parts.length - 1;
    const params = segmentParts.filter((p): p is ParamPart => p.kind === 'param');
    for (const p of params) {
      if (names.some((n) => n.toLowerCase() === p.name.toLowerCase())) throw new RouteTemplateError(template, `parameter '${p.name}' appears twice`);
      names.push(p.name);
      if (p.catchAll && (!isLast || segmentParts.length > 1)) throw new RouteTemplateError(template, `catch-all parameter '${p.name}' must be the whole last segment`);
      if ((p.optional || p.defaultValue !== undefined) && segmentParts.length > 1) {
        throw new RouteTemplateError(template, `optional parameter '${p.name}' must be a whole segment`);
      }
    }
    const only = segmentParts.length === 1 ? segmentParts[0] : undefined;
    if (only?.kind === 'param' && (only.optional || only.defaultValue !== undefined || only.catchAll)) {
      const rest = parts.slice(index + 1);
      const restOptional = rest.every((r) => r.length === 1 && r[0]?.kind === 'param' && (r[0].optional || r[0].defaultValue !== undefined || r[0].catchAll));
      if (!restOptional) throw new RouteTemplateError(template, `optional parameter '${only.name}' may only be followed by optional parameters`);
      source += only.catchAll ? `(?:/(?<p${names.length - 1}>.*))?` : `(?:/(?<p${names.length - 1}>[^/]+))?`;
      return;
    }
    source += '/';
    let paramIndex = names.length - params.length;
    for (const p of segmentParts) {
      if (p.kind === 'literal') source += escapeRegex(p.text);
      else source += segmentParts.length === 1 ? `(?<p${paramIndex++}>[^/]+)` : `(?<p${paramIndex++}>[^/]+?)`;
    }
  });
  source += '/?$';
  const regex = new RegExp(source, 'i');
  const flatParams = parts.flat().filter((p): p is ParamPart => p.kind === 'param');

  return {
    template: trimmed,
    paramNames: names,
    precedence: parts.map(segmentWeight),
    match(path: string) {
      const normalized = '/' + path.replace(/^\/+/, '');
      const found = regex.exec(normalized);
      if (!found) return undefined;
      const values: [string, string][] = [];
      for (const [i, param] of flatParams.entries()) {
        const raw = found.groups?.[`p${i}`];
        let value: string | undefined;
        try {
          value = raw === undefined ? param.defaultValue : decodeURIComponent(raw);
        } catch {
          return undefined;
        }
        if (value === undefined) continue;
        if (!param.constraints.every((c) => c(value))) return undefined;
        values.push([param.name, value]);
      }
      return Object.fromEntries(values);
    },
  };
}

/** Orders routes the way ASP.NET does: by segment precedence, then by length, then declaration order (stable sort). */
export function compareRoutePrecedence(a: RouteTemplate, b: RouteTemplate): number {
  const length = Math.min(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    const diff = (a.precedence[i] ?? 0) - (b.precedence[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return b.precedence.length - a.precedence.length;
}
