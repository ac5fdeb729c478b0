/** A complete, valid set of app settings; tests override or remove one setting at a time. */
export function validSettings(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    CATALOG_PATH: 'catalog.yaml',
    TASK_HUB_NAME: 'ImageAutopilot',
    REBUILD_SCHEDULE: '0 0 2 * * *',
    PRUNE_SCHEDULE: '0 30 3 * * *',
    POLICY_SCAN_SCHEDULE: '0 0 6 * * MON',
    AzureWebJobsStorage: 'UseDevelopmentStorage=true',
    ...overrides,
  };
}
