/**
 * Every app setting the product reads (docs/architecture.md#app-settings). The infra static check and the docs read this list, so a
 * setting added to loadConfig without an entry here is caught by a test.
 */
export interface ProductSetting {
  name: string;
  description: string;
  required: boolean;
  /** The value used when the setting is absent or empty. */
  default?: string;
}

export const PRODUCT_SETTINGS = [
  { name: 'CATALOG_PATH', required: true, description: 'Path of the catalog YAML deployed with the app (relative to the app root).' },
  { name: 'AZURE_ARM_ENDPOINT', required: false, default: 'https://management.azure.com', description: 'Azure Resource Manager endpoint (https); the emulated ARM offline.' },
  { name: 'AZURE_ARM_CA_FILE', required: false, description: 'PEM file with an extra CA to trust for ARM (used offline with the emulator).' },
  { name: 'AZURE_CLIENT_ID', required: false, description: 'Client ID (GUID) of the user-assigned managed identity; unset = system-assigned / DefaultAzureCredential.' },
  { name: 'TASK_HUB_NAME', required: true, description: 'Durable Functions task hub name (3-45 letters/digits, starts with a letter); host.json reads it.' },
  { name: 'REBUILD_SCHEDULE', required: true, description: 'NCRONTAB (6 fields, seconds first) of the scheduled rebuild fan-out; each image policy decides if it is due.' },
  { name: 'PRUNE_SCHEDULE', required: true, description: 'NCRONTAB (6 fields) of the scheduled retention run.' },
  { name: 'POLICY_SCAN_SCHEDULE', required: true, description: 'NCRONTAB (6 fields) of the scheduled least-privilege and naming scan.' },
  { name: 'MAX_CONCURRENT_BUILDS', required: false, default: '2', description: 'Builds a scheduled run starts at once (1-50).' },
  { name: 'NOTIFY_TOPIC_ENDPOINT', required: false, description: 'Event Grid topic endpoint (https) for notifications; unset = no notifications.' },
  { name: 'ARM_POLL_MIN_SECONDS', required: false, default: '15', description: 'First delay of the durable polling backoff for long-running ARM operations (1-3600).' },
  { name: 'ARM_POLL_MAX_SECONDS', required: false, default: '300', description: 'Longest delay of that backoff (1-86400, >= ARM_POLL_MIN_SECONDS).' },
  { name: 'ARM_MAX_RETRY_AFTER_SECONDS', required: false, default: '60', description: 'Longest SDK Retry-After wait an activity sits through; longer ones go back to the orchestration (0-3600).' },
  { name: 'RUN_HISTORY_TABLE', required: false, default: 'autopilotruns', description: 'Table of the run history in the Functions storage account (3-63 letters or digits, starts with a letter).' },
  { name: 'RUN_HISTORY_DAYS', required: false, default: '90', description: 'Days a finished run stays in the run history (1-3650).' },
  { name: 'RUN_LOGS_CONTAINER_URI', required: false, description: 'Blob container (https://<account>.blob.core.windows.net/<container>, no SAS) build VMs write each step\'s full output to as the image\'s build.identity; unset = inline tails only (docs/logs.md).' },
  { name: 'AUTH_MODE', required: false, default: 'entra', description: 'How routes authenticate: entra (App Service Authentication with Entra ID, app roles per route) or keys (function keys, for teams without Entra).' },
] as const satisfies readonly ProductSetting[];

export type ProductSettingName = (typeof PRODUCT_SETTINGS)[number]['name'];
