/**
 * The three places app settings are named must agree: the product's list (shared/config/productSettings.ts), what
 * Bicep deploys, and local.settings.sample.json. Names outside the product list are allowed only when they belong
 * to the Functions host, each pattern on an explicit list with its reason.
 */

export interface SettingSources {
  product: readonly string[];
  /** Product settings only the offline emulator uses; Bicep must not set them. */
  localOnly: readonly string[];
  bicep: readonly string[];
  localSample: readonly string[];
}

interface HostOwned {
  pattern: RegExp;
  why: string;
}

/** Host-owned settings Bicep may set on a Flex Consumption app. */
export const HOST_OWNED_IN_AZURE: readonly HostOwned[] = [
  { pattern: /^AzureWebJobsStorage__(accountName|credential|clientId|blobServiceUri|queueServiceUri|tableServiceUri)$/, why: 'identity-based host storage connection' },
  { pattern: /^APPLICATIONINSIGHTS_(CONNECTION_STRING|AUTHENTICATION_STRING)$/, why: 'telemetry endpoint and Entra ID authentication' },
];

/** Host-owned settings a local run may need on top of those. */
export const HOST_OWNED_LOCALLY: readonly HostOwned[] = [
  ...HOST_OWNED_IN_AZURE,
  { pattern: /^AzureWebJobsStorage$/, why: 'local storage emulator connection (never deployed: Azure uses the identity form)' },
  { pattern: /^AzureWebJobs[A-Za-z]+$/, why: 'host feature switches (AzureWebJobsFeatureFlags, AzureWebJobsSecretStorageType, …)' },
  { pattern: /^FUNCTIONS_[A-Z_]+$/, why: 'worker runtime selection for func start; Flex Consumption takes it from functionAppConfig' },
  { pattern: /^APPLICATIONINSIGHTS_[A-Z_]+$/, why: 'telemetry switches' },
  { pattern: /^WEBSITE_[A-Z_]+$/, why: 'App Service environment the local host imitates (WEBSITE_HOSTNAME, …)' },
  { pattern: /^IDENTITY_(ENDPOINT|HEADER)$/, why: 'managed identity endpoint the emulator serves' },
];

/**
 * Settings a Flex Consumption app rejects or must not carry: the runtime and package come from functionAppConfig,
 * and a plain AzureWebJobsStorage would be a connection string with a key.
 */
export const REJECTED_IN_AZURE: readonly HostOwned[] = [
  { pattern: /^AzureWebJobsStorage$/, why: 'a connection string carries an account key; use AzureWebJobsStorage__accountName' },
  { pattern: /^FUNCTIONS_(WORKER_RUNTIME|EXTENSION_VERSION|WORKER_RUNTIME_VERSION)$/, why: 'Flex Consumption sets the runtime in functionAppConfig.runtime' },
  { pattern: /^WEBSITE_(RUN_FROM_PACKAGE|CONTENTSHARE|CONTENTAZUREFILECONNECTIONSTRING|NODE_DEFAULT_VERSION)$/, why: 'not supported on Flex Consumption' },
];

function matches(list: readonly HostOwned[], name: string): HostOwned | undefined {
  return list.find((h) => h.pattern.test(name));
}

export function settingsAgreement(sources: SettingSources): string[] {
  const product = new Set(sources.product);
  const localOnly = new Set(sources.localOnly);
  const bicep = new Set(sources.bicep);
  const sample = new Set(sources.localSample);
  const problems: string[] = [];

  for (const name of localOnly) if (!product.has(name)) problems.push(`local-only setting ${name} is not a product setting`);
  for (const name of bicep) {
    const rejected = matches(REJECTED_IN_AZURE, name);
    if (rejected !== undefined) problems.push(`Bicep sets ${name}: ${rejected.why}`);
    else if (localOnly.has(name)) problems.push(`Bicep sets ${name}, which is for local runs only`);
    else if (!product.has(name) && matches(HOST_OWNED_IN_AZURE, name) === undefined)
      problems.push(`Bicep sets ${name}, which is neither a product setting nor on the host-owned allow-list`);
  }
  for (const name of product) {
    if (!localOnly.has(name) && !bicep.has(name)) problems.push(`product setting ${name} is not set by Bicep`);
    if (!sample.has(name)) problems.push(`product setting ${name} is missing from local.settings.sample.json`);
  }
  for (const name of sample) {
    if (!product.has(name) && matches(HOST_OWNED_LOCALLY, name) === undefined)
      problems.push(`local.settings.sample.json has ${name}, which is neither a product setting nor on the host-owned allow-list`);
  }
  const counts = new Map<string, number>();
  for (const name of sources.bicep) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const [name, count] of counts) if (count > 1) problems.push(`Bicep sets ${name} ${count} times (union() keeps only the last)`);
  return problems;
}
