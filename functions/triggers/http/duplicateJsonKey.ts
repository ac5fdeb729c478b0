/**
 * JSON.parse keeps the last of repeated keys (`{"reason":"a","reason":"b"}` reads as "b"), and RFC 8259 leaves what a
 * duplicate means to each parser: a proxy or a log reader may take the first. A request whose meaning depends on the
 * reader is refused instead. No parser in our dependencies reports duplicates, so this scanner walks the text once.
 *
 * It runs only on text JSON.parse accepted, so it can trust the grammar and only needs to find tokens: strings
 * (decoded, so `"a"` and `"\u0061"` are the same key), object and array brackets, `:` and `,`. Everything else
 * (numbers, literals, whitespace) is skipped. Iterative, so nesting depth costs no stack.
 */

type Frame = { kind: 'object'; keys: Set<string>; key: string | null; expectingKey: boolean } | { kind: 'array'; index: number };

/** Where the scan is: the keys and indexes of the open containers, outermost first (formatIssuePath's input). */
function pathOf(frames: readonly Frame[]): (string | number)[] {
  return frames.map((frame) => (frame.kind === 'array' ? frame.index : (frame.key ?? '')));
}

/** The index just past the closing quote of the string starting at `start` (a `"`). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5c /* \ */) i += 2;
    else if (ch === 0x22 /* " */) return i + 1;
    else i += 1;
  }
  return i;
}

/**
 * The path of the first key repeated within one object of `text` (a document JSON.parse accepted), ending with that
 * key, e.g. `['items', 2, 'name']`; null when no object repeats a key.
 */
export function firstDuplicateKey(text: string): (string | number)[] | null {
  const frames: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const top = frames.at(-1);
    switch (ch) {
      case '{':
        frames.push({ kind: 'object', keys: new Set(), key: null, expectingKey: true });
        i += 1;
        break;
      case '[':
        frames.push({ kind: 'array', index: 0 });
        i += 1;
        break;
      case '}':
      case ']':
        frames.pop();
        i += 1;
        break;
      case ',':
        if (top?.kind === 'array') top.index += 1;
        else if (top?.kind === 'object') top.expectingKey = true;
        i += 1;
        break;
      case ':':
        if (top?.kind === 'object') top.expectingKey = false;
        i += 1;
        break;
      case '"': {
        const end = endOfString(text, i);
        if (top?.kind === 'object' && top.expectingKey) {
          const key = JSON.parse(text.slice(i, end)) as string;
          if (top.keys.has(key)) return [...pathOf(frames.slice(0, -1)), key];
          top.keys.add(key);
          top.key = key;
        }
        i = end;
        break;
      }
      default:
        i += 1;
    }
  }
  return null;
}
