/**
 * `AzureWebJobs.<name>.Disabled` app settings switch a function off, as in Azure: its HTTP route, timer and Event Grid
 * webhook stop triggering it, while it stays registered (status, admin API, durable invocations).
 */
export function disabledSettingName(functionName: string): string {
  return `AzureWebJobs.${functionName}.Disabled`;
}

export function isFunctionDisabled(functionName: string, settings: Readonly<Record<string, string | undefined>>): boolean {
  const value = settings[disabledSettingName(functionName)]?.trim().toLowerCase();
  return value === 'true' || value === '1';
}
