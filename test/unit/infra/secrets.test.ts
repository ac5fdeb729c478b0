import { describe, expect, it } from 'vitest';
import { SECRET_PATTERNS, secretLiterals } from './checks/secretLiterals';
import { listRepoFiles, readRepoFile } from './infraFiles';

const DEPLOY_GUIDE = 'docs/deploy.md';
const deploymentFiles = () =>
  [...listRepoFiles('infra', ['.bicep', '.bicepparam', '.json', '.sh', '.ps1']), ...listRepoFiles('.github/workflows', ['.yml']), 'azure.yaml', DEPLOY_GUIDE].map((path) =>
    readRepoFile(path),
  );

/** One sample per pattern, each shaped like the real thing. */
const SAMPLES: readonly string[] = [
  "value: 'DefaultEndpointsProtocol=https;AccountName=st;AccountKey=${key}'",
  "var cs = 'DefaultEndpointsProtocol=https;AccountName=st'",
  "var sb = 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=root'",
  "var sas = 'SharedAccessSignature=sv=2022'",
  'https://st.blob.core.windows.net/c?sp=r&sig=AbCdEf1234567890%3D',
  'https://st.blob.core.windows.net/c?sp=r&sv=2022-11-02&sr=c',
  'https://func.azurewebsites.net/runtime/webhooks/eventgrid?functionName=f&code=abcdefghijklmnop1234',
  "APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=0f0e0d0c-0000-0000-0000-000000000000'",
  '-----BEGIN RSA PRIVATE KEY-----',
  'value: listKeys(storage.id, storage.apiVersion).keys[0].value',
  'value: storage.listKeys().keys[0].value',
  "param key string = 'q1w2e3r4t5y6u7i8o9p0AaBbCcDdEeFfGgHhIiJjKkLlMmNnOoPp1234567890+/=='",
];

describe('no secret-looking literal in deployment files', () => {
  it('the infra files, azd hooks, workflows and the deploy guide carry no key, connection string with a key, SAS or key listing', () => {
    expect(secretLiterals(deploymentFiles())).toEqual([]);
  });

  it.each(SAMPLES)('catches %s', (sample) => {
    const main = readRepoFile('infra/main.bicep');
    const seeded = { ...main, text: `${main.text}\n${sample}\n` };
    expect(secretLiterals([seeded])).not.toEqual([]);
  });

  it('every pattern is exercised by a sample', () => {
    const unexercised = SECRET_PATTERNS.filter((p) => !SAMPLES.some((s) => p.pattern.test(s)));
    expect(unexercised.map((p) => p.what)).toEqual([]);
  });

  it('does not mistake resource IDs, GUIDs or schedules for secrets', () => {
    const benign = [
      "roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')",
      "param rebuildSchedule string = '0 0 2 * * *'",
      "APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'",
    ].join('\n');
    expect(secretLiterals([{ path: 'x.bicep', text: benign }])).toEqual([]);
  });
});
