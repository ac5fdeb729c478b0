/**
 * Acceptance: prune (issue 8 "Done when", docs/http-api.md#prune-an-image): the dry-run plan explains every version; applying it
 * deprecates first and deletes after end-of-life; versions in use, protected or latest are never deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, RUN_ID } from './support/kit';
import { conflictBody, errorBody, imagesBody, prunePlan, shape, startedBody, type PrunePlan } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

/** From the committed local seed: vm-app-01 pins 1.1.0; 1.0.1 carries autopilot-retain=true; 1.3.1 is latest. */
const IMAGE = 'ubuntu-2204-base';
const IN_USE = '1.1.0';
const PROTECTED = '1.0.1';
const SEEDED_LATEST = '1.3.1';
/** Deprecated in the seed with an end-of-life date already passed. */
const EXPIRED = '1.0.0';
/** docs/prune.md adds these reasons to the list in docs/http-api.md#prune-output. */
const DOCUMENTED_REASONS = [
  'latest', 'in-use', 'protected', 'within-keep-latest', 'too-young', 'replicating', 'eol-not-reached', 'eol-blocked',
  'cap-reached', 'share-exceeded', 'expired', 'superseded', 'within-max-age', 'shared-gallery',
];
const DAY = 86_400;

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

const prunePath = (image: string, query = '') => `/api/images/${image}/prune${query}`;

function expectExplainedPlan(plan: PrunePlan, versions: string[]): void {
  expect(plan.items.map((i) => i.version).sort()).toEqual(versions.slice().sort());
  for (const item of plan.items) expect(DOCUMENTED_REASONS, `${item.version}: ${item.reason}`).toContain(item.reason);
  const count = (action: string) => plan.items.filter((i) => i.action === action).length;
  expect(plan.summary).toEqual({ keep: count('keep'), deprecate: count('deprecate'), delete: count('delete') });
}

async function applyPrune(image: string): Promise<{ plan: PrunePlan; runId: string }> {
  const res = await client.api('POST', prunePath(image, '?dryRun=false'));
  expect(res.status, res.text).toBe(202);
  const payload = shape(startedBody, res.body);
  expect(payload.runId).toMatch(RUN_ID.of('prune', image));
  expect(res.headers.location).toBe(payload.statusQueryGetUri);
  const done = await client.untilTerminal(payload.statusQueryGetUri, 15);
  expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
  const plan = shape(prunePlan, done.output);
  expect(plan.dryRun).toBe(false);
  return { plan, runId: payload.runId };
}

function expectNeverDeleted(plan: PrunePlan, versions: string[]): void {
  for (const v of versions) expect(plan.items.find((i) => i.version === v)?.action, v).toBe('keep');
}

describe('POST /api/images/{image}/prune', () => {
  it('answers the dry-run plan by default (200), explaining every version, and changes nothing', async () => {
    const versions = await client.versionNames(IMAGE);
    await client.control('DELETE', 'requests');
    const res = await client.api('POST', prunePath(IMAGE));
    expect(res.status, res.text).toBe(200);
    const plan = shape(prunePlan, res.body);
    expect(plan).toMatchObject({ image: IMAGE, dryRun: true });
    expectExplainedPlan(plan, versions);
    expect(plan.items.find((i) => i.version === IN_USE)).toMatchObject({ action: 'keep', reason: 'in-use' });
    expect(plan.items.find((i) => i.version === PROTECTED)).toMatchObject({ action: 'keep', reason: 'protected' });
    expect(plan.items.find((i) => i.version === SEEDED_LATEST)).toMatchObject({ action: 'keep', reason: 'latest' });
    expect((await client.armRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(await client.versionNames(IMAGE)).toEqual(versions);

    const explicit = await client.api('POST', prunePath(IMAGE, '?dryRun=true'));
    expect(explicit.status).toBe(200);
    expect(shape(prunePlan, explicit.body).items).toEqual(plan.items);
  });

  it.each([
    { query: '?dryRun=maybe', status: 400, code: 'VALIDATION_FAILED', image: IMAGE },
    { query: '?dryRun=', status: 400, code: 'VALIDATION_FAILED', image: IMAGE },
    { query: '', status: 404, code: 'NOT_FOUND', image: 'no-such-image' },
    { query: '?dryRun=false', status: 404, code: 'NOT_FOUND', image: 'no-such-image' },
  ])('answers $status $code for $image$query without touching ARM', async ({ query, status, code, image }) => {
    await client.control('DELETE', 'requests');
    const res = await client.api('POST', prunePath(image, query));
    expect(res.status, res.text).toBe(status);
    const body = shape(errorBody, res.body);
    expect(body.error.code).toBe(code);
    if (status === 400) expect(body.error.details.map((d) => d.path)).toContain('dryRun');
    expect(await client.armRequests()).toEqual([]);
  });

  it('refuses dryRun=false for an image whose catalog only plans (409 PRUNE_MODE_DRY_RUN naming the setting), starting nothing', async () => {
    // The sample catalog's defaults say `mode: dryRun`; only ubuntu-2204-base overrides it with apply.
    const planOnly = 'windows-2022-base';
    await client.control('DELETE', 'requests');
    const res = await client.api('POST', prunePath(planOnly, '?dryRun=false'));
    expect(res.status, res.text).toBe(409);
    const body = shape(errorBody, res.body);
    expect(body.error.code).toBe('PRUNE_MODE_DRY_RUN');
    expect(body.error.message).toContain('images[1].retention.mode');
    expect(body.error.details.map((d) => d.path)).toEqual(['images[1].retention.mode']);
    expect(await client.instances({ instanceIdPrefix: `prune-${planOnly}` })).toEqual([]);
    expect(await client.runs({ image: planOnly })).toEqual([]);
    expect(await client.armRequests()).toEqual([]);
    expect((await client.api('POST', prunePath(planOnly))).status).toBe(200);
  });

  it('applies (202, 409 PRUNE_RUNNING meanwhile): deletes what expired, deprecates before deleting, and never deletes versions in use, protected or latest', async () => {
    const started = await client.api('POST', prunePath(IMAGE, '?dryRun=false'));
    expect(started.status, started.text).toBe(202);
    const payload = shape(startedBody, started.body);
    expect(payload.runId).toMatch(RUN_ID.of('prune', IMAGE));
    const again = await client.api('POST', prunePath(IMAGE, '?dryRun=false'));
    expect(again.status, again.text).toBe(409);
    const conflict = shape(conflictBody, again.body);
    expect(conflict.error.code).toBe('PRUNE_RUNNING');
    expect(conflict.runId).toBe(payload.runId);
    expect(conflict.instance.id).toBe(payload.id);
    expect(again.headers.location).toBe(payload.statusQueryGetUri);
    const first = shape(prunePlan, (await client.untilTerminal(payload.statusQueryGetUri, 15)).output);
    expect(first.items.find((i) => i.version === EXPIRED)?.action).toBe('delete');
    expectNeverDeleted(first, [IN_USE, PROTECTED, SEEDED_LATEST]);
    expect(await client.versionNames(IMAGE)).not.toContain(EXPIRED);

    // Months later, versions beyond keepLatest and maxAgeDays are deprecated first: excluded, with an end-of-life date.
    await client.advance(130 * DAY);
    const { plan: second, runId: secondRun } = await applyPrune(IMAGE);
    const deprecated = second.items.filter((i) => i.action === 'deprecate').map((i) => i.version);
    expect(deprecated.length, JSON.stringify(second.items)).toBeGreaterThan(0);
    expect(second.items.filter((i) => i.action === 'delete')).toEqual([]);
    expectNeverDeleted(second, [IN_USE, PROTECTED, SEEDED_LATEST]);
    const now = await client.now();
    for (const name of deprecated) {
      const v = await client.compute.galleryImageVersions.get(client.galleryRg, client.galleryName, IMAGE, name);
      expect(v.publishingProfile?.excludeFromLatest, name).toBe(true);
      expect(v.publishingProfile?.endOfLifeDate?.getTime(), name).toBeGreaterThan(now.getTime());
    }
    const listed = shape(imagesBody, (await client.api('GET', '/api/images')).body).images.find((i) => i.name === IMAGE);
    // Issue 8: GET /api/images shows each version's lifecycle state (active / deprecated with end-of-life).
    for (const name of deprecated) {
      expect(listed?.versions.find((v) => v.name === name)).toMatchObject({ excludeFromLatest: true, endOfLifeDate: expect.any(String), lifecycle: 'deprecated' });
    }
    expect(listed?.versions.find((v) => v.name === SEEDED_LATEST)).toMatchObject({ lifecycle: 'active' });

    // Past their end-of-life, still unused: the next apply deletes them; the in-use and protected ones stay.
    await client.advance(15 * DAY);
    const { plan: third, runId: thirdRun } = await applyPrune(IMAGE);
    expect(third.items.filter((i) => i.action === 'delete').map((i) => i.version).sort()).toEqual(deprecated.slice().sort());
    expectNeverDeleted(third, [IN_USE, PROTECTED, SEEDED_LATEST]);
    const remaining = await client.versionNames(IMAGE);
    for (const name of deprecated) expect(remaining).not.toContain(name);
    expect(remaining).toEqual(expect.arrayContaining([IN_USE, PROTECTED, SEEDED_LATEST]));

    // Each apply is a run of its own in the history, newest first; none overwrote another (dry runs came before).
    const runs = await client.runs({ image: IMAGE, kind: 'prune', top: 3 });
    expect(runs.map((r) => [r.runId, r.status])).toEqual([[thirdRun, 'Completed'], [secondRun, 'Completed'], [payload.runId, 'Completed']]);
  });
});
