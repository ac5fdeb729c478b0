import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPolicyReport } from '../../../../../shared/domain/policy/buildPolicyReport';
import { normalizeScope, parseScope, scopeCovers } from '../../../../../shared/domain/policy/armScope';
import { toPolicyReport, type PolicyFinding, type Severity } from '../../../../../shared/domain/policy/finding';
import { isInScope } from '../../../../../shared/domain/scopes';
import { policyEstate } from '../../../../support/policyEstate';

/**
 * The scan's fast paths (memoized scope parses, per-role gallery grants, bucketed ordering) must not change one byte
 * of the report: each is checked against the straightforward form it replaced, and a whole estate against the report
 * the straightforward evaluation produced for it.
 */
describe('policy scan equivalence', () => {
  it('reports a 10,000-assignment estate byte for byte as the straightforward evaluation did', () => {
    const report = buildPolicyReport(policyEstate(10_000));
    expect(report.summary).toEqual({ high: 1576, medium: 1081, low: 1401 });
    // sha256 of JSON.stringify(report) from the evaluation before the fast paths (same estate).
    expect(createHash('sha256').update(JSON.stringify(report)).digest('hex')).toBe('0b5098032d0dae7ad7d26e0c24e34db0cc6d1ea1539818345875d81293f0779c');
  });

  /** The loop normalizeScope runs on anything not already clean. */
  function referenceNormalize(scope: string): string {
    let current = scope;
    for (let previous = ''; previous !== current; ) {
      previous = current;
      current = current.trim().replace(/\/{2,}/g, '/').replace(/\/+$/, '');
    }
    return (current === '' ? '/' : current).toLowerCase();
  }

  const scopeText = fc.array(fc.constantFrom('/', '//', ' ', '\t', 'Subscriptions', 'subscriptions', 'ab-1', 'resourceGroups', 'RG', 'providers', 'Microsoft.Compute', 'galleries', 'g'), { maxLength: 10 }).map((parts) => parts.join(''));

  it('normalizes every scope as the regex loop does', () => {
    fc.assert(fc.property(scopeText, (scope) => normalizeScope(scope) === referenceNormalize(scope)), { numRuns: 2000 });
  });

  it('decides coverage between parsed scopes as isInScope does on their normalized forms', () => {
    const path = fc.array(fc.constantFrom('resourceGroups/rg', 'resourceGroups/RG/providers/Microsoft.Compute/galleries/g', 'providers/Microsoft.Compute/galleries/g', 'providers/Microsoft.Compute/galleries/gx'), { maxLength: 1 });
    const scope = fc.tuple(fc.constantFrom('/subscriptions/ab-1', '/SUBSCRIPTIONS/AB-1/', '/subscriptions/ab-12'), path).map(([sub, rest]) => [sub, ...rest].join('/'));
    fc.assert(
      fc.property(scope, scope, (outer, inner) => {
        const [o, i] = [parseScope(outer), parseScope(inner)];
        if (o === undefined || i === undefined) return true;
        return scopeCovers(o, i) === isInScope(i.normalized, o.normalized);
      }),
      { numRuns: 1000 },
    );
  });

  it('orders findings as one sort by severity then id would', () => {
    const rank: Record<Severity, number> = { high: 3, medium: 2, low: 1 };
    const finding = fc.record({ id: fc.stringMatching(/^[A-Z]{2}[0-9]{1,2}:[a-zA-Z/]{0,4}$/), severity: fc.constantFrom<Severity>('high', 'medium', 'low') }).map(
      ({ id, severity }): PolicyFinding => ({ id, ruleId: id.slice(0, 4), severity, scope: '/', message: id, recommendation: '' }),
    );
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 60 }), (findings) => {
        const byId = new Map<string, PolicyFinding>();
        for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f);
        const expected = [...byId.values()].sort((a, b) => rank[b.severity] - rank[a.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const report = toPolicyReport(findings, 'now');
        expect(JSON.stringify(report.findings)).toBe(JSON.stringify(expected));
        expect(report.summary).toEqual({ high: expected.filter((f) => f.severity === 'high').length, medium: expected.filter((f) => f.severity === 'medium').length, low: expected.filter((f) => f.severity === 'low').length });
      }),
      { numRuns: 500 },
    );
  });
});
