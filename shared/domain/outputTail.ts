/** How much of each customization step's stdout and stderr a build keeps: the last 4 KiB, like Azure's run command view. */
export const OUTPUT_TAIL_BYTES = 4096;

/**
 * The last `maxBytes` bytes of `text` in UTF-8, cut on a character boundary (so the tail may be a few bytes shorter):
 * the end of a log is where a failing step says why.
 */
export function utf8Tail(text: string, maxBytes = OUTPUT_TAIL_BYTES): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return text;
  let start = bytes.length - maxBytes;
  // Continuation bytes (10xxxxxx) are the middle of a character: start at the next one that begins a character.
  while (start < bytes.length && ((bytes[start] ?? 0) & 0xc0) === 0x80) start += 1;
  return new TextDecoder().decode(bytes.subarray(start));
}

/** UTF-8 length of `text`, the measure the tails' limits use. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
