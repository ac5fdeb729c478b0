import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './infraFiles';

/**
 * The sh hooks run for real against stand-ins for `az` and `npm` on PATH that record their arguments, so the
 * branches (reuse a system topic or create one; with or without a catalog) are exercised without Azure.
 */
const bin = mkdtempSync(join(tmpdir(), 'azd-hooks-'));
const log = join(bin, 'calls.log');
afterAll(() => rmSync(bin, { recursive: true, force: true }));

// Prints AZ_TOPIC_LIST (tab-separated name and resource group, or nothing) for the system topic query.
const fake = (name: string) => `#!/bin/sh\nprintf '%s\\n' "${name} $*" >> "${log}"\ncase "$*" in *"system-topic list"*) printf '%s' "$AZ_TOPIC_LIST" ;; esac\n`;
for (const name of ['az', 'npm']) {
  writeFileSync(join(bin, name), fake(name));
  chmodSync(join(bin, name), 0o755);
}

const AZD_ENV = {
  AZURE_SUBSCRIPTION_ID: '00000000-0000-0000-0000-000000000001',
  AZURE_RESOURCE_GROUP: 'rg-image-autopilot-prod',
  AZURE_FUNCTION_APP_NAME: 'func-iap-prod-abc',
  AZURE_STORAGE_ACCOUNT_NAME: 'stiapabc',
};

function run(script: string, env: Record<string, string>): { status: number | null; stderr: string; calls: string[] } {
  writeFileSync(log, '');
  const result = spawnSync('sh', [resolve(REPO_ROOT, script)], {
    cwd: REPO_ROOT,
    env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`, HOME: bin, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr, calls: readFileSync(log, 'utf8').split('\n').filter((l) => l !== '') };
}

describe('azd hooks (sh)', () => {
  it('postdeploy creates the system topic and the subscription in the app resource group when the subscription has no topic', () => {
    const { status, calls } = run('infra/hooks/postdeploy.sh', { ...AZD_ENV, AZ_TOPIC_LIST: '' });
    expect(status).toBe(0);
    expect(calls[0]).toBe(`az account set --subscription ${AZD_ENV.AZURE_SUBSCRIPTION_ID}`);
    expect(calls[2]).toBe(
      'az deployment group create --name image-autopilot-eventgrid --resource-group rg-image-autopilot-prod --template-file infra/eventgrid.bicep ' +
        '--parameters functionAppName=func-iap-prod-abc deadLetterStorageAccountName=stiapabc --output none',
    );
    expect(calls).toHaveLength(3);
  });

  it("postdeploy reuses the subscription's system topic, deploying to the topic's resource group", () => {
    const { status, calls } = run('infra/hooks/postdeploy.sh', { ...AZD_ENV, AZ_TOPIC_LIST: 'evgst-existing\trg-shared-events\n' });
    expect(status).toBe(0);
    expect(calls[2]).toBe(
      'az deployment group create --name image-autopilot-eventgrid --resource-group rg-shared-events --template-file infra/eventgrid.bicep ' +
        '--parameters functionAppName=func-iap-prod-abc functionAppResourceGroupName=rg-image-autopilot-prod useExistingSystemTopic=true systemTopicName=evgst-existing --output none',
    );
  });

  it('postdeploy stops before calling Azure when provisioning has not run', () => {
    const { AZURE_FUNCTION_APP_NAME: _missing, ...partial } = AZD_ENV;
    const { status, stderr, calls } = run('infra/hooks/postdeploy.sh', partial);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/AZURE_FUNCTION_APP_NAME: not set: run azd provision first/);
    expect(calls).toEqual([]);
  });

  it.each([
    ['without a catalog', {}, 'npm run package'],
    ['with CATALOG_FILE, at the default path', { CATALOG_FILE: 'my-catalog.yaml' }, 'npm run package -- --catalog my-catalog.yaml --catalog-path catalog.yaml'],
    ['with CATALOG_FILE and CATALOG_PATH', { CATALOG_FILE: 'my-catalog.yaml', CATALOG_PATH: 'config/catalog.yaml' }, 'npm run package -- --catalog my-catalog.yaml --catalog-path config/catalog.yaml'],
  ])('prepackage builds the bundle %s', (_name, env, expected) => {
    const { status, calls } = run('infra/hooks/prepackage.sh', env);
    expect(status).toBe(0);
    expect(calls).toEqual([expected]);
  });
});
