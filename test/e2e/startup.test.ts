import { describe, expect, it } from 'vitest';
import { createClock } from '@image-autopilot/azure-offline';
import { clockStart, startAppHost } from '../support/stack';

// The composition root validates settings and catalog at load: a misconfigured app must not start half-way.
describe('startup with invalid settings', () => {
  it('refuses to load, listing every problem with its setting', async () => {
    const clock = createClock({ mode: 'virtual', start: clockStart });
    const started = startAppHost({
      clock,
      log: () => undefined,
      settings: {
        TASK_HUB_NAME: 'autopilote2e',
        AZURE_ARM_ENDPOINT: 'http://insecure.example',
        REBUILD_SCHEDULE: '0 3 * * *',
        PRUNE_SCHEDULE: '0 0 4 * * *',
        POLICY_SCAN_SCHEDULE: '0 0 5 * * *',
        ARM_POLL_MIN_SECONDS: 'soon',
      },
    });
    const error: unknown = await started.then(
      async ({ host }) => {
        await host.stop();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = error instanceof Error ? error.message : '';
    for (const setting of ['CATALOG_PATH', 'AZURE_ARM_ENDPOINT', 'REBUILD_SCHEDULE', 'ARM_POLL_MIN_SECONDS']) expect(message).toContain(setting);
  });
});
