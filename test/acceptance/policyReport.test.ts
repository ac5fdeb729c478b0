/**
 * Acceptance: policy scans (issue 9 "Done when", docs/http-api.md#read-the-policy-report) through `npm run local`: NO_REPORT before the first
 * scan, then the §7 report with the seeded over-privileged assignments and mis-named resources.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, RUN_ID } from './support/kit';
import { checkStatusPayload, errorBody, policyReport, shape, startedBody } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

/** From the committed local seed and catalog.sample.yaml. */
const SEEDED = {
  contractorContributorAtGalleryGroup: 'b0000000-0000-0000-0000-000000000001',
  wildcardCustomRoleHolder: 'c0000000-0000-0000-0000-000000000001',
  subscriptionOwners: ['a0000000-0000-0000-0000-000000000001', 'a0000000-0000-0000-0000-000000000002', 'a0000000-0000-0000-0000-000000000003', 'a0000000-0000-0000-0000-000000000004'],
  allowListedReaderGroup: '11111111-1111-1111-1111-111111111111',
  misnamed: ['LegacyImages', 'Win2019_Custom'],
};

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('policy report', () => {
  it('answers 404 NO_REPORT before the first scan, then the latest report after POST /api/policy/scans', async () => {
    const none = await client.api('GET', '/api/policy/report');
    expect(none.status, none.text).toBe(404);
    expect(shape(errorBody, none.body).error.code).toBe('NO_REPORT');

    const started = await client.api('POST', '/api/policy/scans');
    expect(started.status, started.text).toBe(202);
    const payload = shape(startedBody, started.body);
    expect(payload.runId).toMatch(RUN_ID.policyScan);
    expect(started.headers.location).toBe(payload.statusQueryGetUri);
    const done = await client.untilTerminal(payload.statusQueryGetUri);
    expect(done.runtimeStatus).toBe('Completed');
    const fromOutput = shape(policyReport, done.output);

    const res = await client.api('GET', '/api/policy/report');
    expect(res.status, res.text).toBe(200);
    const report = shape(policyReport, res.body);
    expect(report).toEqual(fromOutput);
    const count = (s: string) => report.findings.filter((f) => f.severity === s).length;
    expect(report.summary).toEqual({ high: count('high'), medium: count('medium'), low: count('low') });
    expect(new Set(report.findings.map((f) => f.id)).size).toBe(report.findings.length);

    const severitiesOf = (principal: string) => report.findings.filter((f) => f.principalId === principal).map((f) => f.severity);
    expect(severitiesOf(SEEDED.contractorContributorAtGalleryGroup)).toContain('high');
    expect(severitiesOf(SEEDED.wildcardCustomRoleHolder)).toContain('high');
    for (const owner of SEEDED.subscriptionOwners) expect(severitiesOf(owner), owner).toContain('high');
    expect(severitiesOf(SEEDED.allowListedReaderGroup)).toEqual([]);
    for (const name of SEEDED.misnamed) {
      expect(report.findings.some((f) => `${f.resource ?? ''} ${f.scope} ${f.message}`.includes(name)), name).toBe(true);
    }
  });

  it('keeps finding IDs stable from one scan to the next', async () => {
    const ids: string[][] = [];
    const runIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const started = await client.api('POST', '/api/policy/scans');
      expect(started.status, started.text).toBe(202);
      runIds.push(shape(startedBody, started.body).runId);
      const done = await client.untilTerminal(shape(checkStatusPayload, started.body).statusQueryGetUri);
      ids.push(shape(policyReport, done.output).findings.map((f) => f.id).sort());
    }
    expect(ids[0]?.length).toBeGreaterThan(0);
    expect(ids[1]).toEqual(ids[0]);
    // Each scan is a run of its own in the history.
    expect(runIds[1]).not.toBe(runIds[0]);
    expect((await client.runs({ kind: 'policy-scan', top: 2 })).map((r) => [r.runId, r.status])).toEqual([[runIds[1], 'Completed'], [runIds[0], 'Completed']]);
  });
});
