/** The emulated Windows Update Agent: one round over a guest's seeded updates, as the windows-update script reports it. */
import { describe, expect, it } from 'vitest';
import type { WindowsUpdateRecord } from '../../src/arm/state';
import { isWindowsUpdateScript, readRoundSpec, runRound, type RoundSpec } from '../../src/arm/windowsUpdateGuest';

const update = (kb: string, title: string, extra: Partial<WindowsUpdateRecord> = {}): WindowsUpdateRecord => ({ kb, title, categories: [], rebootRequired: false, failsToInstall: false, ...extra });
const CU = update('KB5031364', 'Cumulative Update', { categories: ['Security Updates'], rebootRequired: true });
const MSRT = update('KB890830', 'Malicious Software Removal Tool', { categories: ['Update Rollups'] });
const PREVIEW = update('KB5031999', "Cumulative Update Preview (it's new)", { rebootRequired: true });
const BROKEN = update('KB5040000', 'Broken', { failsToInstall: true });
const ALL = [CU, MSRT, PREVIEW, BROKEN];

const spec = (filters: Partial<RoundSpec['filters']> = {}, updateLimit = 0): RoundSpec => ({
  updateLimit,
  filters: { categories: [], includeKbs: [], excludeKbs: [], excludeTitleContains: [], ...filters },
});
const fresh = { installed: [], rebootPending: [] };
const summary = (output: string) => JSON.parse(output.split('\n').pop()?.replace(/^AUTOPILOT-WU /, '') ?? '') as unknown;

describe('runRound', () => {
  it.each<[string, RoundSpec, { installed: string[]; rebootPending: string[] }, unknown]>([
    ['all: installs, fails the broken one, asks for a reboot', spec(), { installed: ['KB890830'], rebootPending: ['KB5031364', 'KB5031999'] }, { installed: 3, failed: 1, rebootRequired: true, remaining: 1 }],
    ['by category', spec({ categories: ['Security Updates'] }), { installed: [], rebootPending: ['KB5031364'] }, { installed: 1, failed: 0, rebootRequired: true, remaining: 0 }],
    ['include KBs, any case', spec({ includeKbs: ['kb890830'] }), { installed: ['KB890830'], rebootPending: [] }, { installed: 1, failed: 0, rebootRequired: false, remaining: 0 }],
    ['exclude KBs and titles', spec({ excludeKbs: ['KB5040000'], excludeTitleContains: ['PREVIEW'] }), { installed: ['KB890830'], rebootPending: ['KB5031364'] }, { installed: 2, failed: 0, rebootRequired: true, remaining: 0 }],
    ['limit: the rest remain', spec({}, 1), { installed: [], rebootPending: ['KB5031364'] }, { installed: 1, failed: 0, rebootRequired: true, remaining: 3 }],
  ])('%s', (_name, roundSpec, guest, reported) => {
    const round = runRound(ALL, fresh, roundSpec);
    expect(round.guest).toEqual(guest);
    expect(summary(round.output)).toEqual(reported);
  });

  it('an update waiting for its reboot is not offered again, and the reboot stays pending until the VM boots', () => {
    const first = runRound([CU], fresh, spec());
    const again = runRound([CU], first.guest, spec());
    expect(summary(again.output)).toEqual({ installed: 0, failed: 0, rebootRequired: true, remaining: 0 });
    const booted = runRound([CU], { installed: first.guest.rebootPending, rebootPending: [] }, spec());
    expect(summary(booted.output)).toEqual({ installed: 0, failed: 0, rebootRequired: false, remaining: 0 });
  });
});

describe('the script the emulator recognises', () => {
  it('reads the spec from its single-quoted literal, quotes doubled', () => {
    const script = ['# autopilot-windows-update v1', "$ErrorActionPreference = 'Stop'", `$spec = ConvertFrom-Json '{"searchCriteria":"IsInstalled=0","updateLimit":2,"filters":{"categories":[],"includeKbs":[],"excludeKbs":[],"excludeTitleContains":["it''s"]}}'`].join('\n');
    expect(isWindowsUpdateScript(script)).toBe(true);
    expect(readRoundSpec(script)).toEqual(spec({ excludeTitleContains: ["it's"] }, 2));
  });

  it.each([['Write-Output hi'], ['Write-Output "# autopilot-windows-update v1"']])('other scripts are not update rounds: %s', (script) => {
    expect(isWindowsUpdateScript(script)).toBe(false);
  });
});
