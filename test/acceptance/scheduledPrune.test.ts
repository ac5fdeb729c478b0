/**
 * Acceptance: the admin-triggered scheduledPrune (issue 8): one prune run per catalog image; images whose
 * retention says `mode: apply` are pruned, the others get a recorded dry-run plan and stay untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, RUN_ID } from './support/kit';
import { prunePlan, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

/** catalog.sample.yaml: only ubuntu-2204-base has retention mode apply; its seeded 1.0.0 is past end-of-life. */
const APPLY = { image: 'ubuntu-2204-base', expired: '1.0.0' };
const DRY_RUN = ['windows-2022-base', 'ubuntu-2204-docker'];

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('scheduledPrune', () => {
  it('applies mode:apply images and records dry-run plans for the others', async () => {
    const before = Object.fromEntries(await Promise.all(DRY_RUN.map(async (i) => [i, await client.versionNames(i)] as const)));
    const res = await client.api('POST', '/admin/functions/scheduledPrune', { body: { input: '' } });
    expect(res.status).toBe(202);

    const appliedRun = await client.untilRunStarted({ image: APPLY.image, kind: 'prune' });
    expect(appliedRun).toMatch(RUN_ID.of('prune', APPLY.image));
    const applied = shape(prunePlan, (await client.untilInstanceTerminal(appliedRun)).output);
    expect(applied).toMatchObject({ image: APPLY.image, dryRun: false });
    expect(applied.items.find((i) => i.version === APPLY.expired)?.action).toBe('delete');
    expect(await client.versionNames(APPLY.image)).not.toContain(APPLY.expired);

    for (const image of DRY_RUN) {
      const plan = shape(prunePlan, (await client.untilRunTerminal({ image, kind: 'prune' })).output);
      expect(plan).toMatchObject({ image, dryRun: true });
      expect(plan.items.map((i) => i.version).sort()).toEqual(before[image]);
      expect(await client.versionNames(image)).toEqual(before[image]);
    }
    // One scheduled run per image in the history.
    for (const image of [APPLY.image, ...DRY_RUN]) {
      expect((await client.runs({ image, kind: 'prune' })).map((r) => [r.trigger, r.status]), image).toEqual([['schedule', 'Completed']]);
    }
  });
});
