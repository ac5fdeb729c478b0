import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SharingOutput } from '../functions/contracts';
import type { Catalog } from '../shared/domain/catalog';
import { aCatalog, anImageNamed } from '../test/support/builders';
import { postJson, runIdOf, runUntilDone } from '../test/support/durableApi';
import { startStack, type Stack } from '../test/support/stack';

// A gallery of 10 definitions shared with 20 reader groups (10 on the gallery, one per definition) plus 5
// subscriptions and 2 tenants: what a reconciliation costs once everything already matches.
const IMAGES = 10;
const guid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const images = Array.from({ length: IMAGES }, (_, i) => anImageNamed(`img-${i}`));
const base = aCatalog({ images });
const catalog: Catalog = {
  ...base,
  gallery: {
    ...base.gallery,
    sharing: {
      readers: [
        ...Array.from({ length: 10 }, (_, i) => ({ principalId: guid('aaaaaaaa', i), principalType: 'Group' as const, images: [] })),
        ...images.map((image, i) => ({ principalId: guid('dddddddd', i), principalType: 'Group' as const, images: [image.name] })),
      ],
      direct: { subscriptions: Array.from({ length: 5 }, (_, i) => guid('bbbbbbbb', i)), tenants: Array.from({ length: 2 }, (_, i) => guid('cccccccc', i)) },
    },
  },
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog });
});
afterAll(async () => {
  await stack?.stop();
});

async function reconcile(): Promise<SharingOutput> {
  const res = await postJson(`${stack.url}/api/sharing`, { apply: true });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const status = await runUntilDone(stack, runIdOf(res));
  expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
  return status.output as SharingOutput;
}

describe('sharing: ARM requests', () => {
  it('a reconciliation with nothing to change reads only, one request per shared scope kind', async () => {
    await stack.clearArmRequests();
    const first = await reconcile();
    const firstRequests = await stack.armRequests();
    await stack.clearArmRequests();
    const again = await reconcile();
    const requests = await stack.armRequests();
    const writes = requests.filter((r) => r.method !== 'GET');
    console.log(
      [
        `sharing of 1 gallery, ${IMAGES} definitions, ${catalog.gallery.sharing.readers.length} reader groups, 5 subscriptions, 2 tenants:`,
        `first run (${first.applied.length} changes): ${firstRequests.length} ARM requests (${firstRequests.filter((r) => r.method !== 'GET').length} writes)`,
        `no-op run (${again.changes.length} changes): ${requests.length} ARM requests, ${writes.length} writes (target: reads only, one per shared scope: the gallery's sharing profile and one role-assignment list covering the gallery and its ${IMAGES} definitions)`,
        ...requests.map((r) => `  ${r.method} ${r.path}`),
      ].join('\n'),
    );
  });
});
