import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, PRODUCT_SETTINGS } from '../../../../shared/config';
import { validSettings } from './settingsBuilder';

function problemsOf(env: Record<string, string | undefined>) {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError, but the settings loaded');
}

describe('loadConfig', () => {
  it('applies the documented defaults and ignores settings it does not own', () => {
    expect(loadConfig(validSettings({ FUNCTIONS_WORKER_RUNTIME: 'node', AzureWebJobsStorage: 'UseDevelopmentStorage=true' }))).toEqual({
      catalogPath: 'catalog.yaml',
      armEndpoint: 'https://management.azure.com',
      taskHubName: 'ImageAutopilot',
      rebuildSchedule: '0 0 2 * * *',
      pruneSchedule: '0 30 3 * * *',
      policyScanSchedule: '0 0 6 * * MON',
      maxConcurrentBuilds: 2,
      armPollMinSeconds: 15,
      armPollMaxSeconds: 300,
      armMaxRetryAfterSeconds: 60,
      authMode: 'entra',
      platformAuthEnabled: false,
      runStore: { table: 'autopilotruns', historyDays: 90, location: { kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true' } },
    });
  });

  it('reads every optional setting, trimming and normalizing', () => {
    const config = loadConfig(
      validSettings({
        AZURE_ARM_ENDPOINT: 'https://localhost:8443/',
        AZURE_ARM_CA_FILE: '.local/ca.pem',
        AZURE_CLIENT_ID: ' 6F1B2C3D-0000-4000-8000-000000000001 ',
        NOTIFY_TOPIC_ENDPOINT: 'https://topic.westeurope-1.eventgrid.azure.net/api/events',
        MAX_CONCURRENT_BUILDS: '50',
        ARM_POLL_MIN_SECONDS: '30',
        ARM_POLL_MAX_SECONDS: '30',
        ARM_MAX_RETRY_AFTER_SECONDS: '0',
        REBUILD_SCHEDULE: '  0  */15   *  * * *  ',
        RUN_LOGS_CONTAINER_URI: 'https://stiapx.blob.core.windows.net/run-logs/',
      }),
    );
    expect(config).toMatchObject({
      armEndpoint: 'https://localhost:8443',
      armCaFile: '.local/ca.pem',
      clientId: '6f1b2c3d-0000-4000-8000-000000000001',
      notifyTopicEndpoint: 'https://topic.westeurope-1.eventgrid.azure.net/api/events',
      maxConcurrentBuilds: 50,
      armPollMinSeconds: 30,
      armPollMaxSeconds: 30,
      armMaxRetryAfterSeconds: 0,
      rebuildSchedule: '0 */15 * * * *',
      runLogsContainerUri: 'https://stiapx.blob.core.windows.net/run-logs',
    });
  });

  it('treats empty optional settings as unset', () => {
    const config = loadConfig(validSettings({ AZURE_CLIENT_ID: '', NOTIFY_TOPIC_ENDPOINT: '  ', MAX_CONCURRENT_BUILDS: '' }));
    expect(config.clientId).toBeUndefined();
    expect(config.notifyTopicEndpoint).toBeUndefined();
    expect(config.maxConcurrentBuilds).toBe(2);
  });

  it.each([
    ['CATALOG_PATH', undefined, 'required, but not set'],
    ['TASK_HUB_NAME', '', 'required, but not set'],
    ['TASK_HUB_NAME', 'ab', 'must be 3-45 letters or digits starting with a letter (Durable task hub rules), got "ab"'],
    ['TASK_HUB_NAME', '1hub', 'must be 3-45 letters or digits starting with a letter (Durable task hub rules), got "1hub"'],
    ['TASK_HUB_NAME', 'image-autopilot', 'must be 3-45 letters or digits starting with a letter (Durable task hub rules), got "image-autopilot"'],
    ['TASK_HUB_NAME', 'a'.repeat(46), `must be 3-45 letters or digits starting with a letter (Durable task hub rules), got "${'a'.repeat(46)}"`],
    ['AZURE_ARM_ENDPOINT', 'http://management.azure.com', 'must use https, got "http://management.azure.com"'],
    ['AZURE_ARM_ENDPOINT', 'management.azure.com', 'must be an absolute https URL, got "management.azure.com"'],
    ['AZURE_ARM_ENDPOINT', 'https://management.azure.com/?x=1', 'must not carry a query or fragment, got "https://management.azure.com/?x=1"'],
    ['AZURE_CLIENT_ID', 'my-identity', 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got "my-identity"'],
    ['MAX_CONCURRENT_BUILDS', '0', 'must be a whole number 1..50, got "0"'],
    ['MAX_CONCURRENT_BUILDS', '51', 'must be a whole number 1..50, got "51"'],
    ['MAX_CONCURRENT_BUILDS', '2.5', 'must be a whole number 1..50, got "2.5"'],
    ['MAX_CONCURRENT_BUILDS', 'two', 'must be a whole number 1..50, got "two"'],
    ['NOTIFY_TOPIC_ENDPOINT', 'ftp://topic', 'must use https, got "ftp://topic"'],
    ['RUN_LOGS_CONTAINER_URI', 'http://acct.blob.core.windows.net/logs', 'must use https, got "http://acct.blob.core.windows.net/logs"'],
    ['RUN_LOGS_CONTAINER_URI', 'acct/logs', 'must be an absolute https URL, got "acct/logs"'],
    ['RUN_LOGS_CONTAINER_URI', 'https://acct.blob.core.windows.net', 'must name a container (https://<account>.blob.core.windows.net/<container>), got "https://acct.blob.core.windows.net"'],
    ['RUN_LOGS_CONTAINER_URI', 'https://acct.blob.core.windows.net/Run_Logs', 'must end in a container name (3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit), got "https://acct.blob.core.windows.net/Run_Logs"'],
    ['RUN_LOGS_CONTAINER_URI', 'https://acct.blob.core.windows.net/run--logs', 'must end in a container name (3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit), got "https://acct.blob.core.windows.net/run--logs"'],
    ['RUN_LOGS_CONTAINER_URI', 'https://acct.blob.core.windows.net/lo', 'must end in a container name (3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit), got "https://acct.blob.core.windows.net/lo"'],
    ['ARM_POLL_MIN_SECONDS', '0', 'must be a whole number 1..3600, got "0"'],
    ['ARM_MAX_RETRY_AFTER_SECONDS', '-1', 'must be a whole number 0..3600, got "-1"'],
    ['REBUILD_SCHEDULE', '0 2 * * *', 'NCRONTAB has 5 fields, but NCRONTAB needs 6 with seconds first (e.g. "0 0 2 * * *"), got "0 2 * * *"'],
    ['PRUNE_SCHEDULE', '0 61 * * * *', 'NCRONTAB minute value 61 is outside 0-59, got "0 61 * * * *"'],
    ['POLICY_SCAN_SCHEDULE', '0 0 6 ? * MON', 'NCRONTAB day of month uses "?"; NCRONTAB has no ? or # (that is Quartz syntax), got "0 0 6 ? * MON"'],
  ])('%s=%j is rejected naming the setting, rule and value', (name, value, message) => {
    expect(problemsOf(validSettings({ [name]: value }))).toEqual([{ path: name, message }]);
  });

  it('rejects a polling minimum above the maximum', () => {
    expect(problemsOf(validSettings({ ARM_POLL_MIN_SECONDS: '600', ARM_POLL_MAX_SECONDS: '300' }))).toEqual([
      { path: 'ARM_POLL_MAX_SECONDS', message: 'must be >= ARM_POLL_MIN_SECONDS (600), got "300"' },
    ]);
  });

  it('reports every problem at once, one line each', () => {
    let error: unknown;
    try {
      loadConfig({ TASK_HUB_NAME: 'x', REBUILD_SCHEDULE: '* * * * *', PRUNE_SCHEDULE: '0 0 0 * * *', POLICY_SCAN_SCHEDULE: '0 0 0 * * *', MAX_CONCURRENT_BUILDS: '99', AzureWebJobsStorage: 'UseDevelopmentStorage=true' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.problems.map((p) => p.path)).toEqual(['CATALOG_PATH', 'TASK_HUB_NAME', 'REBUILD_SCHEDULE', 'MAX_CONCURRENT_BUILDS']);
    expect(configError.message.split('\n')).toEqual([
      'Invalid app settings (4 problems):',
      '  - CATALOG_PATH: required, but not set',
      expect.stringMatching(/^ {2}- TASK_HUB_NAME: must be 3-45 .*, got "x"$/),
      expect.stringMatching(/^ {2}- REBUILD_SCHEDULE: NCRONTAB has 5 fields/),
      '  - MAX_CONCURRENT_BUILDS: must be a whole number 1..50, got "99"',
    ]);
  });

  it.each([
    ['AZURE_ARM_ENDPOINT', 'https://admin:hunter2secret@management.azure.com', 'hunter2secret'],
    ['NOTIFY_TOPIC_ENDPOINT', 'https://topic.example.net/api/events?sig=AbC123dEf456', 'AbC123dEf456'],
    ['RUN_LOGS_CONTAINER_URI', 'https://acct.blob.core.windows.net/run-logs?sv=2024-11-04&sig=AbC123dEf456', 'AbC123dEf456'],
    ['CATALOG_PATH', 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=c2VjcmV0a2V5', 'c2VjcmV0a2V5'],
    ['AZURE_CLIENT_ID', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbA==', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbA'],
  ])('never echoes a secret-looking value of %s', (name, value, secret) => {
    let message = '';
    try {
      loadConfig(validSettings({ [name]: value, TASK_HUB_NAME: '' }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('TASK_HUB_NAME');
    expect(message).not.toContain(secret);
  });

  it('property: secret-looking values never reach the message, whatever the setting', () => {
    const names = PRODUCT_SETTINGS.map((s) => s.name);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+'.split('');
    // Shaped like an account key or SAS signature: long, mixed letters and digits.
    const secret = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 38, maxLength: 60 }).map((s) => `k9${s}`);
    fc.assert(
      fc.property(fc.constantFrom(...names), secret, (name, value) => {
        try {
          loadConfig(validSettings({ [name]: value }));
        } catch (error) {
          expect((error as Error).message).not.toContain(value);
        }
      }),
    );
  });

  it('property: whole numbers load exactly within range and are rejected outside it', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 200 }), (n) => {
        const env = validSettings({ MAX_CONCURRENT_BUILDS: String(n) });
        if (n >= 1 && n <= 50) expect(loadConfig(env).maxConcurrentBuilds).toBe(n);
        else expect(problemsOf(env).map((p) => p.path)).toEqual(['MAX_CONCURRENT_BUILDS']);
      }),
    );
  });

  it('PRODUCT_SETTINGS lists every setting loadConfig reads, each described', () => {
    expect(PRODUCT_SETTINGS.map((s) => s.name)).toEqual([
      'CATALOG_PATH',
      'AZURE_ARM_ENDPOINT',
      'AZURE_ARM_CA_FILE',
      'AZURE_CLIENT_ID',
      'TASK_HUB_NAME',
      'REBUILD_SCHEDULE',
      'PRUNE_SCHEDULE',
      'POLICY_SCAN_SCHEDULE',
      'MAX_CONCURRENT_BUILDS',
      'NOTIFY_TOPIC_ENDPOINT',
      'ARM_POLL_MIN_SECONDS',
      'ARM_POLL_MAX_SECONDS',
      'ARM_MAX_RETRY_AFTER_SECONDS',
      'RUN_HISTORY_TABLE',
      'RUN_HISTORY_DAYS',
      'RUN_LOGS_CONTAINER_URI',
      'AUTH_MODE',
    ]);
    const required = PRODUCT_SETTINGS.filter((s) => s.required).map((s) => s.name);
    // Removing exactly the required settings must produce exactly one "required" problem per setting.
    // The run store's location comes last: it is read from the host's storage settings (runStoreSettings.test.ts).
    expect(problemsOf({})).toEqual([
      ...required.map((path) => ({ path, message: 'required, but not set' })),
      { path: 'AzureWebJobsStorage', message: expect.stringMatching(/^required, but not set: the run store needs/) },
    ]);
    for (const s of PRODUCT_SETTINGS) expect(s.description.length).toBeGreaterThan(10);
  });
});
