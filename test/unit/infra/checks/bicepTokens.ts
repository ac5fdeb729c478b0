/**
 * A small Bicep lexer: enough to read object keys, string literals and resource declarations without the
 * compiler (which needs network access to install). Comments disappear; strings keep their unescaped value
 * when they have no interpolation, so checks compare real values, not source spellings.
 */

export type TokenKind = 'identifier' | 'string' | 'number' | 'punct' | 'newline';

export interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  /** Unescaped value of a string without `${…}`; undefined for interpolated strings and non-strings. */
  value?: string;
  /** Offset in the source, for messages. */
  offset: number;
}

const TWO_CHAR_PUNCT = new Set(['=>', '==', '!=', '&&', '||', '??', '.?', '::', '>=', '<=', '=~', '!~']);
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === '\n') {
      tokens.push({ kind: 'newline', text: ch, offset: i });
      i += 1;
    } else if (/\s/.test(ch)) {
      i += 1;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) throw new Error(`unterminated comment at ${i}`);
      i = end + 2;
    } else if (source.startsWith("'''", i)) {
      const end = source.indexOf("'''", i + 3);
      if (end === -1) throw new Error(`unterminated multi-line string at ${i}`);
      tokens.push({ kind: 'string', text: source.slice(i, end + 3), value: source.slice(i + 3, end), offset: i });
      i = end + 3;
    } else if (ch === "'") {
      const end = endOfString(source, i);
      const text = source.slice(i, end);
      tokens.push({ kind: 'string', text, value: unescapeString(text), offset: i });
      i = end;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i));
      const text = match?.[0] ?? ch;
      tokens.push({ kind: 'identifier', text, offset: i });
      i += text.length;
    } else if (/[0-9]/.test(ch)) {
      const match = /^[0-9]+/.exec(source.slice(i));
      const text = match?.[0] ?? ch;
      tokens.push({ kind: 'number', text, offset: i });
      i += text.length;
    } else {
      const two = source.slice(i, i + 2);
      const text = TWO_CHAR_PUNCT.has(two) ? two : ch;
      tokens.push({ kind: 'punct', text, offset: i });
      i += text.length;
    }
  }
  return tokens;
}

/** Index just past the closing quote of the string starting at `start`, skipping `${…}` holes (which may nest strings). */
function endOfString(source: string, start: number): number {
  let i = start + 1;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === '\\') {
      i += 2;
    } else if (ch === "'") {
      return i + 1;
    } else if (source.startsWith('${', i)) {
      i = endOfInterpolation(source, i + 2);
    } else {
      i += 1;
    }
  }
  throw new Error(`unterminated string at ${start}`);
}

function endOfInterpolation(source: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < source.length) {
    const ch = source.charAt(i);
    if (ch === "'") {
      i = endOfString(source, i);
      continue;
    }
    if (ch === '{') depth += 1;
    if (ch === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  throw new Error(`unterminated interpolation at ${start}`);
}

function unescapeString(text: string): string | undefined {
  const body = text.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i += 1) {
    const ch = body.charAt(i);
    if (ch === '\\') {
      const next = body.charAt(i + 1);
      out += ESCAPES[next] ?? next;
      i += 1;
    } else if (body.startsWith('${', i)) {
      return undefined;
    } else {
      out += ch;
    }
  }
  return out;
}
