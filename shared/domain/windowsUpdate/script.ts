import type { CustomizationStep } from '../catalog';

/** First line of every round's script: the emulator recognises a windows-update round by it. */
export const WINDOWS_UPDATE_MARKER = '# autopilot-windows-update v1';
/** Prefix of the machine-readable line a round prints last (parseWindowsUpdateRound reads it). */
export const WINDOWS_UPDATE_RESULT_PREFIX = 'AUTOPILOT-WU ';
export const DEFAULT_SEARCH_CRITERIA = 'IsInstalled=0';
export const DEFAULT_MAX_ROUNDS = 5;

/** What one round does, as the JSON the script reads: every filter list present, so the script needs no null checks. */
export interface WindowsUpdateRoundSpec {
  searchCriteria: string;
  /** 0 = no limit. */
  updateLimit: number;
  filters: { categories: string[]; includeKbs: string[]; excludeKbs: string[]; excludeTitleContains: string[] };
}

export function windowsUpdateRoundSpec(step: Pick<CustomizationStep, 'searchCriteria' | 'filters' | 'updateLimit'>): WindowsUpdateRoundSpec {
  const f = step.filters ?? {};
  return {
    searchCriteria: step.searchCriteria ?? DEFAULT_SEARCH_CRITERIA,
    updateLimit: step.updateLimit ?? 0,
    filters: {
      categories: f.categories ?? [],
      includeKbs: (f.includeKbs ?? []).map((kb) => kb.toUpperCase()),
      excludeKbs: (f.excludeKbs ?? []).map((kb) => kb.toUpperCase()),
      excludeTitleContains: f.excludeTitleContains ?? [],
    },
  };
}

const psQuote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * One round of a windowsUpdate step for a run command: search with the Windows Update Agent COM API (no module to
 * download), filter, download, install, then print one `AUTOPILOT-WU {…}` line. The catalog's values reach the
 * script only as one JSON document in a single-quoted literal, so no title or criteria can become code.
 */
export function windowsUpdateScript(step: Pick<CustomizationStep, 'searchCriteria' | 'filters' | 'updateLimit'>): string[] {
  const spec = JSON.stringify(windowsUpdateRoundSpec(step));
  return [
    WINDOWS_UPDATE_MARKER,
    `$ErrorActionPreference = 'Stop'`,
    `$spec = ConvertFrom-Json ${psQuote(spec)}`,
    `$session = New-Object -ComObject Microsoft.Update.Session`,
    `$found = $session.CreateUpdateSearcher().Search($spec.searchCriteria).Updates`,
    `function Test-Wanted($u) {`,
    `  $kbs = @($u.KBArticleIDs | ForEach-Object { "KB$_" })`,
    `  $cats = @($u.Categories | ForEach-Object { $_.Name })`,
    `  if (@($spec.filters.categories).Count -gt 0 -and -not ($cats | Where-Object { $spec.filters.categories -contains $_ })) { return $false }`,
    `  if (@($spec.filters.includeKbs).Count -gt 0 -and -not ($kbs | Where-Object { $spec.filters.includeKbs -contains $_ })) { return $false }`,
    `  if ($kbs | Where-Object { $spec.filters.excludeKbs -contains $_ }) { return $false }`,
    `  foreach ($t in @($spec.filters.excludeTitleContains)) { if ($u.Title.IndexOf($t, [StringComparison]::OrdinalIgnoreCase) -ge 0) { return $false } }`,
    `  return $true`,
    `}`,
    `$wanted = @($found | Where-Object { Test-Wanted $_ })`,
    `$take = if ($spec.updateLimit -gt 0) { [Math]::Min($spec.updateLimit, $wanted.Count) } else { $wanted.Count }`,
    `$batch = New-Object -ComObject Microsoft.Update.UpdateColl`,
    `foreach ($u in ($wanted | Select-Object -First $take)) { if (-not $u.EulaAccepted) { $u.AcceptEula() }; [void]$batch.Add($u) }`,
    `$installed = 0; $failed = 0`,
    `if ($batch.Count -gt 0) {`,
    `  $downloader = $session.CreateUpdateDownloader(); $downloader.Updates = $batch; [void]$downloader.Download()`,
    `  $installer = $session.CreateUpdateInstaller(); $installer.Updates = $batch; $result = $installer.Install()`,
    `  for ($i = 0; $i -lt $batch.Count; $i++) {`,
    // ResultCode 2 = succeeded, 3 = succeeded with errors; anything else did not install.
    `    $code = $result.GetUpdateResult($i).ResultCode`,
    `    if ($code -eq 2 -or $code -eq 3) { $installed++; Write-Output "installed: $($batch.Item($i).Title)" } else { $failed++; Write-Output "failed ($code): $($batch.Item($i).Title)" }`,
    `  }`,
    `}`,
    `$reboot = [bool](New-Object -ComObject Microsoft.Update.SystemInfo).RebootRequired`,
    `$summary = [ordered]@{ installed = $installed; failed = $failed; rebootRequired = $reboot; remaining = $wanted.Count - $installed } | ConvertTo-Json -Compress`,
    `Write-Output "${WINDOWS_UPDATE_RESULT_PREFIX.trim()} $summary"`,
  ];
}
