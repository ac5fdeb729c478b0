/** Enough of an outside value to recognise it in a log line or a message, too little to flood either. */
export const QUOTED_MAX_LENGTH = 200;

/**
 * A value from outside (an event field, a request body, a tag, an ARM message) as it may appear in a log line or a
 * message: JSON-quoted, so a newline, a control character or a lone surrogate is escaped and cannot forge a log line
 * of its own, and cut to `max` characters. JSON leaves U+2028/U+2029 alone, yet some log viewers break lines on them.
 */
export function quoted(value: unknown, max: number = QUOTED_MAX_LENGTH): string {
  const text = typeof value === 'string' ? value : describe(value);
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return String(value);
  } catch {
    // An object whose toString throws (or a null-prototype one) is still logged, as its type.
    return `[${typeof value}]`;
  }
}
