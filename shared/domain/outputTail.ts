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

/** One customization step's result with the tails of its output (BuildOutput's `customization` entries). */
export interface StepTails {
  step: string;
  exitCode: number | null;
  outputTail: string;
  errorTail: string;
  /** The step failed and its `continueOnError` let the build go on; absent when it succeeded or was not allowed to fail. */
  continuedOnError?: true;
  /** The blobs with the step's full stdout / stderr (docs/logs.md), when the build VM wrote them. */
  outputLogUri?: string;
  errorLogUri?: string;
  /** Build steps without log blobs: why only the tails were kept. */
  log?: { kind: 'inline'; reason: string };
  /** windowsUpdate steps: what each round reported, in order (the tails are the rounds' outputs together). */
  rounds?: WindowsUpdateRoundLog[];
}

/** One round of a windowsUpdate step as a build records it. */
export interface WindowsUpdateRoundLog {
  round: number;
  installed: number;
  failed: number;
  rebootRequired: boolean;
  remaining: number;
  /** The VM was restarted after this round because the guest asked for it. */
  restarted: boolean;
}

/** What a step's run command reported, cut to the tails a build keeps. */
export function stepTails(step: string, view: { exitCode: number | null; output: string; error: string }): StepTails {
  return { step, exitCode: view.exitCode, outputTail: utf8Tail(view.output), errorTail: utf8Tail(view.error) };
}

/**
 * The steps' tails when all of them together fit in `maxBytes` of UTF-8, else null: customStatus is polled by every
 * client and kept on every status write, so it carries the logs only while they are small (the output has them all).
 */
export function tailsThatFit<T extends StepTails>(steps: readonly T[], maxBytes = OUTPUT_TAIL_BYTES): T[] | null {
  const total = steps.reduce((sum, s) => sum + utf8Length(s.outputTail) + utf8Length(s.errorTail), 0);
  return total <= maxBytes ? [...steps] : null;
}
