/**
 * Acceptance: an invalid catalog stops `npm run local` at start, naming every problem by path (docs/architecture.md#the-catalog,
 * issue 8 "invalid retention → startup error", issue 9 "invalid regex → startup error naming the rule").
 */
import { describe, expect, it } from 'vitest';
import { startLocal } from './support/localStack';

interface EditableCatalog {
  defaults: { retention: Record<string, unknown> };
  policy: { naming: Record<string, unknown> };
}

describe('catalog validation at start', () => {
  it('refuses an invalid naming regex and an invalid retention, listing both paths', async () => {
    const started = startLocal({
      editCatalog: (raw) => {
        const catalog = raw as unknown as EditableCatalog;
        catalog.policy.naming.gallery = 'gal_[a-z';
        catalog.defaults.retention.maxDeleteShare = 7;
      },
    });
    const error = await started.then(
      async (stack) => {
        await stack.stop();
        return new Error('the CLI started with an invalid catalog');
      },
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
    expect(error.message).toMatch(/exited with [1-9]/);
    expect(error.message).toContain('policy.naming.gallery');
    expect(error.message).toContain('defaults.retention.maxDeleteShare');
  });
});
