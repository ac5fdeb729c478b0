/**
 * Acceptance: `npm run local` runs Azurite's Table service (the Functions storage account's tables, where the run
 * history lives) with its state in the state folder, lists it in the banner and the endpoints file, and keeps its
 * data across a crash: a SIGKILLed run's Table service saves and ends by itself, and the next run on the same state
 * folder waits for it (the state lock records it) before opening the same store.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocal, type LocalStack } from './support/localStack';

// Azurite's well-known development account: public, and accepted by nothing but the emulator.
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const stacks: LocalStack[] = [];
afterAll(async () => {
  for (const stack of stacks) await stack.stop();
  for (const stack of stacks) fs.rmSync(stack.dir, { recursive: true, force: true });
});

function tableOf(stack: LocalStack): TableClient {
  const endpoint = stack.endpoints.tableEndpoint;
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${ACCOUNT_KEY};TableEndpoint=${endpoint};`;
  return TableClient.fromConnectionString(connectionString, 'acceptanceruns', { allowInsecureConnection: true });
}

describe('npm run local: the Table service', () => {
  it('is listed, keeps its store in the state folder, and survives a SIGKILL of npm run local', async () => {
    const first = await startLocal();
    stacks.push(first);
    expect(first.endpoints.tableEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
    expect(first.output()).toContain(`Table service    ${first.endpoints.tableEndpoint}`);
    await tableOf(first).createTable();
    await tableOf(first).createEntity({ partitionKey: 'build', rowKey: 'before-the-crash', status: 'Running' });
    expect(fs.existsSync(path.join(first.endpoints.stateDir, 'azurite'))).toBe(true);

    await first.kill();
    const second = await startLocal({ dir: first.dir });
    stacks.push(second);
    expect((await tableOf(second).getEntity<{ status: string }>('build', 'before-the-crash')).status).toBe('Running');
  });
});
