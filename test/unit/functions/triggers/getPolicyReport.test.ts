import { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aRunStore } from '../../../support/runStore';
import { latestPolicyReport } from '../../../../functions/triggers/latestPolicyReport';
import { type PolicyTriggerDeps } from '../../../../functions/triggers/startPolicyScan';
import type { Catalog } from '../../../../shared/domain/catalog';
import { toPolicyReport, type PolicyFinding, type PolicyReport } from '../../../../shared/domain/policy/finding';
import { ReportingDurableClient } from '../../../support/fakeDurableClient';
import { APP_ROLES, aCatalog } from '../../shared/domain/policy/policyBuilders';
import { createGetPolicyReportHandler } from '../../../../functions/triggers/getPolicyReport';
import { sarifValidator } from '../../scripts/policyCliHarness';

const NOW = new Date('2026-11-25T20:00:07.000Z');
const Completed = df.OrchestrationRuntimeStatus.Completed;
const Running = df.OrchestrationRuntimeStatus.Running;


const catalog: Catalog = aCatalog();
const deps = (overrides: Partial<PolicyTriggerDeps> = {}): PolicyTriggerDeps => ({ catalog, appRoles: APP_ROLES, now: () => NOW, runs: aRunStore(), ...overrides });
const aReport = (generatedAt: string, high = 0): PolicyReport =>
  toPolicyReport(
    Array.from({ length: high }, (_, i): PolicyFinding => ({ id: `LP001:${i}`, ruleId: 'LP001', severity: 'high', scope: '/subscriptions/x', message: 'm', recommendation: 'r' })),
    generatedAt,
  );
const get = (query = '', headers: Record<string, string> = {}) => new HttpRequest({ method: 'GET', url: `http://127.0.0.1/api/policy/report${query}`, headers });
const validate = sarifValidator();

describe('GET /api/policy/report', () => {
  it('404 NO_REPORT before any scan completed', async () => {
    const client = new ReportingDurableClient();
    client.scan('2026-11-25T19:00:00Z', Running, null);
    const response = await createGetPolicyReportHandler({ ...deps(), toolVersion: '9.8.7' })(get(), client);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NO_REPORT', message: expect.stringContaining('POST /api/policy/scans'), details: [] } });
  });

  it('200 with the newest completed scan output, ignoring running scans, other orchestrations and outputs that are not reports', async () => {
    const client = new ReportingDurableClient();
    client.scan('2026-11-24T03:00:00Z', Completed, aReport('2026-11-24T03:00:00.000Z'));
    const newest = client.scan('2026-11-25T03:00:00Z', Completed, aReport('2026-11-25T03:00:00.000Z', 2));
    client.scan('2026-11-25T04:00:00Z', Completed, { not: 'a report' });
    client.scan('2026-11-25T05:00:00Z', Running, null);
    client.setStatus('prune-zzz', Completed, { createdTime: new Date('2026-11-25T06:00:00Z'), output: aReport('x') });
    const response = await createGetPolicyReportHandler({ ...deps(), toolVersion: '9.8.7' })(get(), client);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-policy-scan-instance')).toBe(newest);
    expect(await response.json()).toMatchObject({ generatedAt: '2026-11-25T03:00:00.000Z', summary: { high: 2, medium: 0, low: 0 } });
  });

  it('finds an old report through the wider windows, and reads outputs the listing left out', async () => {
    const client = new ReportingDurableClient(false);
    client.scan('2026-01-02T03:00:00Z', Completed, aReport('2026-01-02T03:00:00.000Z', 1));
    const latest = await latestPolicyReport(client, NOW);
    expect(latest?.report.generatedAt).toBe('2026-01-02T03:00:00.000Z');
    expect(client.listings.map((f) => f.createdTimeFrom?.toISOString() ?? 'all')).toEqual(['2026-11-23T20:00:07.000Z', '2026-10-11T20:00:07.000Z', 'all']);
  });

  it('always returns the greatest completed policy-scan ID holding a report (property)', async () => {
    const instance = fc.record({
      at: fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2026-11-25') }).map((ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString()),
      completed: fc.boolean(),
      valid: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(instance, { selector: (i) => i.at, maxLength: 12 }), async (instances) => {
        const client = new ReportingDurableClient();
        const ids = instances.map((i) => ({ ...i, id: client.scan(i.at, i.completed ? Completed : Running, i.valid ? aReport(i.at) : 'junk') }));
        const expected = ids.filter((i) => i.completed && i.valid).map((i) => i.id).sort().at(-1);
        const latest = await latestPolicyReport(client, NOW);
        return latest?.instanceId === expected;
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ['?format=sarif', {}],
    ['', { accept: 'application/sarif+json' }],
    ['?format=sarif', { accept: 'application/json' }],
  ])('answers SARIF 2.1.0 for %s %j, locations being resource IDs, not files', async (query, headers) => {
    const client = new ReportingDurableClient();
    const id = client.scan('2026-11-25T03:00:00Z', Completed, aReport('2026-11-25T03:00:00.000Z', 2));
    const response = await createGetPolicyReportHandler({ ...deps(), toolVersion: '9.8.7' })(get(query, headers), client);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/sarif+json');
    expect(response.headers.get('x-policy-scan-instance')).toBe(id);
    const sarif = JSON.parse(await response.text()) as { version: string; runs: { tool: { driver: { version: string } }; results: { locations: Record<string, unknown>[] }[] }[] };
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.tool.driver.version).toBe('9.8.7');
    const locations = sarif.runs[0]?.results.flatMap((r) => r.locations) ?? [];
    expect(locations).toHaveLength(2);
    for (const location of locations) {
      expect(location).not.toHaveProperty('physicalLocation');
      expect(location).toEqual({ logicalLocations: [{ fullyQualifiedName: '/subscriptions/x', kind: 'resource' }] });
    }
  });

  it.each([
    ['', {}],
    ['?format=json', { accept: 'application/sarif+json' }],
  ])('answers the JSON report for %s %j', async (query, headers) => {
    const client = new ReportingDurableClient();
    client.scan('2026-11-25T03:00:00Z', Completed, aReport('2026-11-25T03:00:00.000Z', 1));
    const response = await createGetPolicyReportHandler({ ...deps(), toolVersion: '9.8.7' })(get(query, headers), client);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ summary: { high: 1 } });
  });

  it.each(['?format=xml', '?format=SARIF', '?format=', '?format=sarif&format=json'])('400 VALIDATION_FAILED naming format for %s, before reading Durable', async (query) => {
    const client = new ReportingDurableClient();
    const response = await createGetPolicyReportHandler({ ...deps(), toolVersion: '9.8.7' })(get(query), client);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; details: { path: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d) => d.path)).toEqual(['format']);
  });
});
