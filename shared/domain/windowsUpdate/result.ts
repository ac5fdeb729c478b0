import { WINDOWS_UPDATE_RESULT_PREFIX } from './script';

/** What one round of a windowsUpdate step reported on its `AUTOPILOT-WU` line. */
export interface WindowsUpdateRound {
  installed: number;
  failed: number;
  rebootRequired: boolean;
  /** Updates the filters chose that are still not installed (over the limit, or failed). */
  remaining: number;
}

const COUNTS = ['installed', 'failed', 'remaining'] as const;

/**
 * The last `AUTOPILOT-WU {…}` line of a round's output, checked; a string saying what is wrong when there is none or
 * it is malformed (the guest's output is not trusted to be well formed).
 */
export function parseWindowsUpdateRound(output: string): WindowsUpdateRound | string {
  const line = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith(WINDOWS_UPDATE_RESULT_PREFIX))
    .pop();
  if (line === undefined) return `no "${WINDOWS_UPDATE_RESULT_PREFIX.trim()}" result line in the output`;
  let value: unknown;
  try {
    value = JSON.parse(line.slice(WINDOWS_UPDATE_RESULT_PREFIX.length));
  } catch {
    return `the result line is not JSON: ${line.slice(0, 200)}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `the result line is not a JSON object: ${line.slice(0, 200)}`;
  const record = value as Record<string, unknown>;
  for (const key of COUNTS) {
    const n = record[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return `"${key}" must be a whole number >= 0 in the result line: ${line.slice(0, 200)}`;
  }
  if (typeof record.rebootRequired !== 'boolean') return `"rebootRequired" must be true or false in the result line: ${line.slice(0, 200)}`;
  return { installed: record.installed as number, failed: record.failed as number, remaining: record.remaining as number, rebootRequired: record.rebootRequired };
}

/** The step is done: nothing the filters chose is left and no reboot is pending. */
export function windowsUpdateDone(round: WindowsUpdateRound): boolean {
  return round.remaining === 0 && !round.rebootRequired;
}

/** What a windowsUpdate step does after a round: finish, restart then search again, search again, or fail (why). */
export type AfterRound = { next: 'done' } | { next: 'restart' } | { next: 'round' } | { next: 'fail'; why: string };

/**
 * The step's decision after round `round` reported `result`, with `secondsLeft` of its timeout. A last round that
 * asks for a reboot is not followed by one: only a round reporting nothing left finishes the step.
 */
export function afterRound(result: WindowsUpdateRound, at: { round: number; maxRounds: number; secondsLeft: number; timeoutSeconds: number }): AfterRound {
  if (windowsUpdateDone(result)) return { next: 'done' };
  if (at.round >= at.maxRounds) {
    const pending = `${result.remaining} update(s) still pending${result.rebootRequired ? ' and a reboot required' : ''}`;
    return { next: 'fail', why: `did not finish in maxRounds ${at.maxRounds}: ${pending} after round ${at.round}` };
  }
  if (at.secondsLeft <= 0) return { next: 'fail', why: timedOut(at.timeoutSeconds, at.round) };
  return { next: result.rebootRequired ? 'restart' : 'round' };
}

export function timedOut(timeoutSeconds: number, rounds: number): string {
  return `ran out of its ${timeoutSeconds} s timeout after ${rounds} round(s)`;
}
