import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClock } from '@image-autopilot/azure-offline';
import { aCatalog } from '../support/builders';
import { clockStart, startAppHost } from '../support/stack';
import { testRunStoreSettings } from '../support/tableService';

// Sharing mistakes in the catalog stop the app at load, every one listed with its path: nothing is ever shared from
// a catalog the app did not accept.
describe('startup with bad sharing in the catalog', () => {
  it('refuses to load, listing both a malformed subscription and a community gallery without enforce', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autopilot-sharing-'));
    const base = aCatalog();
    const catalog = {
      ...base,
      gallery: {
        ...base.gallery,
        sharing: {
          readers: [{ principalId: 'aaaaaaaa-0000-4000-8000-000000000001' }],
          direct: { subscriptions: ['my-subscription'] },
          community: { publisherUri: 'https://contoso.example', publisherContact: 'a@contoso.example', eula: 'https://contoso.example/eula', publicNamePrefix: 'contoso' },
        },
      },
    };
    writeFileSync(join(dir, 'catalog.yaml'), JSON.stringify(catalog));
    const started = startAppHost({
      clock: createClock({ mode: 'virtual', start: clockStart }),
      log: () => undefined,
      settings: {
        ...testRunStoreSettings(),
        CATALOG_PATH: join(dir, 'catalog.yaml'),
        TASK_HUB_NAME: 'autopilote2e',
        REBUILD_SCHEDULE: '0 0 3 * * *',
        PRUNE_SCHEDULE: '0 0 4 * * *',
        POLICY_SCAN_SCHEDULE: '0 0 5 * * *',
      },
    });
    const error: unknown = await started.then(
      async ({ host }) => {
        await host.stop();
        return undefined;
      },
      (e: unknown) => e,
    );
    rmSync(dir, { recursive: true, force: true });
    expect(error).toBeInstanceOf(Error);
    const message = error instanceof Error ? error.message : '';
    expect(message).toContain('gallery.sharing.direct.subscriptions[0]');
    expect(message).toContain('gallery.sharing.community.enforce');
  });
});
