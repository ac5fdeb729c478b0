import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomizationStep } from '../../../../../shared/domain/catalog';
import { WINDOWS_UPDATE_MARKER, windowsUpdateRoundSpec, windowsUpdateScript } from '../../../../../shared/domain/windowsUpdate/script';

type Options = Pick<CustomizationStep, 'searchCriteria' | 'filters' | 'updateLimit'>;

/** What PowerShell's parser sees as the single-quoted literal of the `$spec` line, read back as the script would. */
function specInScript(lines: string[]): unknown {
  const line = lines.find((l) => l.startsWith('$spec = ConvertFrom-Json '));
  const literal = /^\$spec = ConvertFrom-Json '((?:[^']|'')*)'$/.exec(line ?? '')?.[1];
  if (literal === undefined) throw new Error(`no single-quoted $spec literal in ${line}`);
  return JSON.parse(literal.replace(/''/g, "'"));
}

describe('windowsUpdateScript', () => {
  it.each<[string, Options, ReturnType<typeof windowsUpdateRoundSpec>]>([
    ['defaults', {}, { searchCriteria: 'IsInstalled=0', updateLimit: 0, filters: { categories: [], includeKbs: [], excludeKbs: [], excludeTitleContains: [] } }],
    [
      'every option, KBs upper-cased',
      { searchCriteria: "IsInstalled=0 and Type='Software'", updateLimit: 10, filters: { categories: ['Security Updates'], includeKbs: ['kb5031364'], excludeKbs: ['KB890830'], excludeTitleContains: ['Preview'] } },
      { searchCriteria: "IsInstalled=0 and Type='Software'", updateLimit: 10, filters: { categories: ['Security Updates'], includeKbs: ['KB5031364'], excludeKbs: ['KB890830'], excludeTitleContains: ['Preview'] } },
    ],
    [
      'titles that would be code if interpolated',
      { filters: { excludeTitleContains: ["it's", "'; Remove-Item C:\\ -Recurse; '", '$(Stop-Computer)', '`n"@\'@'] } },
      { searchCriteria: 'IsInstalled=0', updateLimit: 0, filters: { categories: [], includeKbs: [], excludeKbs: [], excludeTitleContains: ["it's", "'; Remove-Item C:\\ -Recurse; '", '$(Stop-Computer)', '`n"@\'@'] } },
    ],
  ])('%s: the script carries exactly the spec, as one literal', (_name, options, spec) => {
    const lines = windowsUpdateScript(options);
    expect(lines[0]).toBe(WINDOWS_UPDATE_MARKER);
    expect(specInScript(lines)).toEqual(spec);
    // Only the $spec line depends on the catalog: every other line is the same for every step.
    const fixed = windowsUpdateScript({}).filter((l) => !l.startsWith('$spec'));
    expect(lines.filter((l) => !l.startsWith('$spec'))).toEqual(fixed);
  });

  it('any filter text stays inside the literal and reads back unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, unit: 'binary' }), { maxLength: 4 }), fc.string({ minLength: 1 }), (titles, criteria) => {
        const lines = windowsUpdateScript({ searchCriteria: criteria, filters: { excludeTitleContains: titles } });
        expect(lines.every((l) => !l.includes('\n') && !l.includes('\r'))).toBe(true);
        expect(specInScript(lines)).toEqual(windowsUpdateRoundSpec({ searchCriteria: criteria, filters: { excludeTitleContains: titles } }));
      }),
    );
  });

  it('uses the Windows Update Agent COM API and ends with the result line', () => {
    const lines = windowsUpdateScript({});
    expect(lines).toContain('$session = New-Object -ComObject Microsoft.Update.Session');
    expect(lines.join('\n')).not.toMatch(/Install-Module|PSWindowsUpdate/);
    expect(lines[lines.length - 1]).toBe('Write-Output "AUTOPILOT-WU $summary"');
  });
});
