/**
 * Acceptance: prune safety (issue 8): a version deprecated while unused, then pinned by a VM before its end-of-life,
 * is kept (in-use) when the end-of-life passes. Its own stack: the test moves the shared clock by months.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './support/kit';
import { checkStatusPayload, prunePlan, shape, type PrunePlan } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const DAY = 86_400;

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  // Its image, ubuntu-2204-docker, only plans in the sample catalog (defaults.retention.mode: dryRun): let it apply.
  stack = await startLocal({ editCatalog: (catalog) => applyPrunesOf(catalog, 'ubuntu-2204-docker') });
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

function applyPrunesOf(catalog: Record<string, unknown>, name: string): void {
  const images = catalog['images'] as { name: string; retention?: Record<string, unknown> }[];
  const image = images.find((i) => i.name === name);
  if (image === undefined) throw new Error(`${name} is not in the sample catalog`);
  image.retention = { ...image.retention, mode: 'apply' };
}

async function applyPrune(image: string): Promise<PrunePlan> {
  const res = await client.api('POST', `/api/images/${image}/prune?dryRun=false`);
  expect(res.status, res.text).toBe(202);
  const done = await client.untilTerminal(shape(checkStatusPayload, res.body).statusQueryGetUri, 15);
  expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
  return shape(prunePlan, done.output);
}

describe('prune after a late pin', () => {
  it('keeps a deprecated version that a VM pinned after its deprecation, once its end-of-life passed', async () => {
    // Its own cycle on ubuntu-2204-docker: 1.0.0 is pinned by the seed's vm-app-02, 1.1.0 is latest; a build adds more.
    const image = 'ubuntu-2204-docker';
    for (let i = 0; i < 3; i++) {
      const started = await client.api('POST', `/api/images/${image}/builds`, { body: { reason: `filler ${i}` } });
      expect(started.status).toBe(202);
      expect((await client.untilTerminal(shape(checkStatusPayload, started.body).statusQueryGetUri)).runtimeStatus).toBe('Completed');
    }
    await client.advance(200 * DAY);
    const deprecating = await applyPrune(image);
    const deprecated = deprecating.items.filter((i) => i.action === 'deprecate').map((i) => i.version);
    expect(deprecated.length, JSON.stringify(deprecating.items)).toBeGreaterThan(0);
    const pinned = deprecated[0] ?? '';
    await client.seed({
      defaults: { subscriptionId: client.subscriptionId, location: 'westeurope' },
      virtualMachines: [{ resourceGroup: 'rg-workloads', name: 'vm-acc-pinned-late', osType: 'Linux', imageReference: { id: client.versionId(image, pinned) } }],
    });
    await client.advance(15 * DAY);
    const deleting = await applyPrune(image);
    expect(deleting.items.find((i) => i.version === pinned)).toMatchObject({ action: 'keep', reason: 'in-use' });
    expect(await client.versionNames(image)).toContain(pinned);
  });
});
