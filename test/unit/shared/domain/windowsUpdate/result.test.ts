import { describe, expect, it } from 'vitest';
import { afterRound, parseWindowsUpdateRound, windowsUpdateDone, type AfterRound, type WindowsUpdateRound } from '../../../../../shared/domain/windowsUpdate/result';

describe('parseWindowsUpdateRound', () => {
  it.each<[string, string, WindowsUpdateRound]>([
    ['the line alone', 'AUTOPILOT-WU {"installed":2,"failed":0,"rebootRequired":true,"remaining":0}', { installed: 2, failed: 0, rebootRequired: true, remaining: 0 }],
    ['after the installs, CRLF, key order of ConvertTo-Json', 'installed: KB1\r\nAUTOPILOT-WU {"remaining":3,"rebootRequired":false,"failed":1,"installed":0}\r\n', { installed: 0, failed: 1, rebootRequired: false, remaining: 3 }],
    ['the last of two lines wins', 'AUTOPILOT-WU {"installed":9,"failed":9,"rebootRequired":true,"remaining":9}\nAUTOPILOT-WU {"installed":0,"failed":0,"rebootRequired":false,"remaining":0}', { installed: 0, failed: 0, rebootRequired: false, remaining: 0 }],
    ['indented', '   AUTOPILOT-WU {"installed":1,"failed":0,"rebootRequired":false,"remaining":0}  ', { installed: 1, failed: 0, rebootRequired: false, remaining: 0 }],
  ])('%s', (_name, output, expected) => {
    expect(parseWindowsUpdateRound(output)).toEqual(expected);
  });

  it.each<[string, string, RegExp]>([
    ['no line', 'installed: KB1', /^no "AUTOPILOT-WU" result line/],
    ['empty output', '', /^no "AUTOPILOT-WU" result line/],
    ['not JSON', 'AUTOPILOT-WU {installed:1}', /^the result line is not JSON/],
    ['an array', 'AUTOPILOT-WU [1,2]', /not a JSON object/],
    ['negative count', 'AUTOPILOT-WU {"installed":-1,"failed":0,"rebootRequired":false,"remaining":0}', /^"installed" must be a whole number >= 0/],
    ['fractional count', 'AUTOPILOT-WU {"installed":1,"failed":0.5,"rebootRequired":false,"remaining":0}', /^"failed" must be a whole number/],
    ['missing remaining', 'AUTOPILOT-WU {"installed":1,"failed":0,"rebootRequired":false}', /^"remaining" must be a whole number/],
    ['reboot as text', 'AUTOPILOT-WU {"installed":1,"failed":0,"rebootRequired":"True","remaining":0}', /^"rebootRequired" must be true or false/],
  ])('rejects %s', (_name, output, message) => {
    expect(parseWindowsUpdateRound(output)).toMatch(message);
  });
});

describe('windowsUpdateDone', () => {
  it.each<[Partial<WindowsUpdateRound>, boolean]>([
    [{ remaining: 0, rebootRequired: false }, true],
    [{ remaining: 0, rebootRequired: true }, false],
    [{ remaining: 2, rebootRequired: false }, false],
  ])('%o → %s', (round, done) => {
    expect(windowsUpdateDone({ installed: 0, failed: 0, remaining: 0, rebootRequired: false, ...round })).toBe(done);
  });
});

describe('afterRound', () => {
  const at = { round: 1, maxRounds: 3, secondsLeft: 600, timeoutSeconds: 3600 };
  const round = (r: Partial<WindowsUpdateRound>): WindowsUpdateRound => ({ installed: 1, failed: 0, remaining: 0, rebootRequired: false, ...r });
  it.each<[string, WindowsUpdateRound, Partial<typeof at>, AfterRound]>([
    ['nothing left, no reboot: done, even on the last round and out of time', round({}), { round: 3, secondsLeft: 0 }, { next: 'done' }],
    ['reboot asked: restart', round({ rebootRequired: true }), {}, { next: 'restart' }],
    ['over the limit, no reboot: another round', round({ remaining: 4 }), {}, { next: 'round' }],
    ['last round with a reboot pending: fail, no pointless restart', round({ rebootRequired: true }), { round: 3 }, { next: 'fail', why: 'did not finish in maxRounds 3: 0 update(s) still pending and a reboot required after round 3' }],
    ['last round with failures: fail naming what is left', round({ installed: 0, failed: 1, remaining: 1 }), { round: 3 }, { next: 'fail', why: 'did not finish in maxRounds 3: 1 update(s) still pending after round 3' }],
    ['out of time before the next round', round({ remaining: 2 }), { round: 2, secondsLeft: 0 }, { next: 'fail', why: 'ran out of its 3600 s timeout after 2 round(s)' }],
  ])('%s', (_name, result, where, expected) => {
    expect(afterRound(result, { ...at, ...where })).toEqual(expected);
  });
});
