/**
 * Structure on top of the token stream: bracket matching, object entries, `var` and `resource` declarations.
 * Only what the infra checks read; anything it cannot follow is reported by the caller, never guessed.
 */
import type { Token } from './bicepTokens';

const OPENERS: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

export function closingIndex(tokens: readonly Token[], open: number): number {
  const opener = tokens[open]?.text ?? '';
  const closer = OPENERS[opener];
  if (closer === undefined) throw new Error(`token ${open} is not an opening bracket`);
  const stack: string[] = [];
  for (let i = open; i < tokens.length; i += 1) {
    const text = tokens[i]?.text ?? '';
    if (tokens[i]?.kind !== 'punct') continue;
    const expected = OPENERS[text];
    if (expected !== undefined) stack.push(expected);
    else if (text === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  throw new Error(`unbalanced ${opener} at offset ${tokens[open]?.offset ?? -1}`);
}

/** Half-open token range [start, end). */
export interface Span {
  start: number;
  end: number;
}

export interface ObjectEntry {
  key: string;
  value: Span;
}

/** The entries of the object literal opened at `open` (keys are identifiers or plain strings). */
export function objectEntries(tokens: readonly Token[], open: number): ObjectEntry[] {
  if (tokens[open]?.text !== '{') throw new Error(`token ${open} does not open an object`);
  const close = closingIndex(tokens, open);
  const entries: ObjectEntry[] = [];
  let i = open + 1;
  while (i < close) {
    const token = tokens[i];
    if (token === undefined || token.kind === 'newline' || token.text === ',') {
      i += 1;
      continue;
    }
    if (token.text === 'resource' && tokens[i + 1]?.text !== ':') {
      i = endOfNestedResource(tokens, i);
      continue;
    }
    // An interpolated key ('${identityId}') keeps its source text: it names no setting or property we check.
    const key = token.kind === 'identifier' ? token.text : token.kind === 'string' ? (token.value ?? token.text) : undefined;
    if (key === undefined || tokens[i + 1]?.text !== ':') throw new Error(`cannot read object entry at offset ${token.offset}`);
    const end = endOfValue(tokens, i + 2, close);
    entries.push({ key, value: { start: i + 2, end } });
    i = end;
  }
  return entries;
}

/** Child resources declared inside a parent's body are not entries: skip past their body. */
function endOfNestedResource(tokens: readonly Token[], start: number): number {
  let i = start + 3;
  if (tokens[i]?.text === 'existing') i += 1;
  const afterEquals = i + 1;
  const open = tokens[afterEquals]?.text === '[' ? afterEquals : firstBraceAfterEquals(tokens, start + 3);
  if (open === undefined) throw new Error(`cannot read nested resource at offset ${tokens[start]?.offset ?? -1}`);
  return closingIndex(tokens, open) + 1;
}

/** A value runs to the newline or comma at its own bracket depth (multi-line ternaries continue on `?`/`:` lines). */
function endOfValue(tokens: readonly Token[], start: number, limit: number): number {
  let i = start;
  while (i < limit) {
    const token = tokens[i];
    if (token === undefined) break;
    if (token.kind === 'punct' && OPENERS[token.text] !== undefined) {
      i = closingIndex(tokens, i) + 1;
      continue;
    }
    if (token.text === ',') return i;
    if (token.kind === 'newline') {
      const next = nextSignificant(tokens, i, limit);
      if (next === undefined || (tokens[next]?.text !== '?' && tokens[next]?.text !== ':')) return i;
      i = next;
      continue;
    }
    i += 1;
  }
  return i;
}

function nextSignificant(tokens: readonly Token[], from: number, limit: number): number | undefined {
  for (let i = from; i < limit; i += 1) if (tokens[i]?.kind !== 'newline') return i;
  return undefined;
}

/** Index of the first non-newline token of a span, if any. */
export function firstToken(tokens: readonly Token[], span: Span): number | undefined {
  return nextSignificant(tokens, span.start, span.end);
}

export function entry(tokens: readonly Token[], open: number, key: string): ObjectEntry | undefined {
  return objectEntries(tokens, open).find((e) => e.key === key);
}

/** Plain string values within a span, in order. */
export function stringValues(tokens: readonly Token[], span: Span): string[] {
  return tokens.slice(span.start, span.end).flatMap((t) => (t.kind === 'string' && t.value !== undefined ? [t.value] : []));
}

export interface ResourceDeclaration {
  symbol: string;
  /** `Microsoft.X/y@api-version`, or the short child form (`'subnets'`). */
  type: string;
  /** Index of the `{` opening the resource body. */
  bodyOpen: number;
  /** A reference to a resource deployed elsewhere (`existing`), not a declaration of its properties. */
  existing: boolean;
}

export function resourceDeclarations(tokens: readonly Token[]): ResourceDeclaration[] {
  return declarations(tokens, 'resource');
}

/** `module sym 'path' = …`: `type` holds the module path. */
export function moduleDeclarations(tokens: readonly Token[]): ResourceDeclaration[] {
  return declarations(tokens, 'module');
}

function declarations(tokens: readonly Token[], keyword: 'resource' | 'module'): ResourceDeclaration[] {
  const found: ResourceDeclaration[] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'identifier' || token.text !== keyword || !startsLine(tokens, i)) return;
    const symbol = tokens[i + 1];
    const type = tokens[i + 2];
    if (symbol?.kind !== 'identifier' || type?.kind !== 'string' || type.value === undefined) return;
    const bodyOpen = firstBraceAfterEquals(tokens, i + 3);
    if (bodyOpen !== undefined) found.push({ symbol: symbol.text, type: type.value, bodyOpen, existing: tokens[i + 3]?.text === 'existing' });
  });
  return found;
}

export interface ParameterDeclaration {
  name: string;
  hasDefault: boolean;
}

/** `param name type [= default]` in a template, or `param name = value` in a .bicepparam file. */
export function parameterDeclarations(tokens: readonly Token[]): ParameterDeclaration[] {
  const found: ParameterDeclaration[] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'identifier' || token.text !== 'param' || !startsLine(tokens, i)) return;
    const name = tokens[i + 1];
    if (name?.kind !== 'identifier') return;
    let hasDefault = false;
    for (let j = i + 2; j < tokens.length && tokens[j]?.kind !== 'newline'; j += 1) {
      if (tokens[j]?.text === '=') {
        hasDefault = true;
        break;
      }
    }
    found.push({ name: name.text, hasDefault });
  });
  return found;
}

export interface VariableDeclaration {
  name: string;
  value: Span;
}

export function variableDeclarations(tokens: readonly Token[]): VariableDeclaration[] {
  const found: VariableDeclaration[] = [];
  tokens.forEach((token, i) => {
    if (token.kind !== 'identifier' || token.text !== 'var' || !startsLine(tokens, i)) return;
    const name = tokens[i + 1];
    if (name?.kind !== 'identifier' || tokens[i + 2]?.text !== '=') return;
    found.push({ name: name.text, value: { start: i + 3, end: endOfValue(tokens, i + 3, tokens.length) } });
  });
  return found;
}

function startsLine(tokens: readonly Token[], i: number): boolean {
  return i === 0 || tokens[i - 1]?.kind === 'newline';
}

/** The body of `= {`, `= if (…) {` or `= [for … : {`: the first `{` outside parentheses after the `=`. */
function firstBraceAfterEquals(tokens: readonly Token[], from: number): number | undefined {
  let i = from;
  if (tokens[i]?.text === 'existing') i += 1;
  if (tokens[i]?.text !== '=') return undefined;
  for (i += 1; i < tokens.length; i += 1) {
    const text = tokens[i]?.text;
    if (text === '(') i = closingIndex(tokens, i);
    else if (text === '{') return i;
  }
  return undefined;
}
