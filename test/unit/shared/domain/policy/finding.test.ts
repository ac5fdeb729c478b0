import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findingId, severityAtLeast, toPolicyReport, type PolicyFinding, type Severity } from '../../../../../shared/domain/policy/finding';
import { policyBlocksBuild } from '../../../../../shared/domain/policy/policyBlocksBuild';
import { POLICY_RULES } from '../../../../../shared/domain/policy/policyRules';
import { NOW, SUB_SCOPE } from './policyBuilders';

const aFinding = (id: string, severity: Severity): PolicyFinding => ({ id, ruleId: id.split(':')[0] ?? id, severity, scope: SUB_SCOPE, message: 'm', recommendation: 'r' });

describe('findingId', () => {
  it.each([
    [{ ruleId: 'LP001', scope: '/subscriptions/ABC', principalId: 'P', roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/GUID' }, 'LP001:/subscriptions/abc:p:guid'],
    [{ ruleId: 'LP002', scope: '/subscriptions/abc' }, 'LP002:/subscriptions/abc::'],
    [{ ruleId: 'NM001', scope: '/x', resource: '/X' }, 'NM001:/x::'],
    [{ ruleId: 'LP010', scope: '/x', resource: 'roleAssignments[3]' }, 'LP010:/x:::roleassignments[3]'],
  ])('%j → %s', (parts, expected) => {
    expect(findingId(parts)).toBe(expected);
  });

  it('is the same for the same role under any scope prefix and casing', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom('', SUB_SCOPE, SUB_SCOPE.toUpperCase()), (guid, prefix) =>
        findingId({ ruleId: 'LP001', scope: SUB_SCOPE, roleDefinitionId: `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${guid}` }) ===
        findingId({ ruleId: 'LP001', scope: SUB_SCOPE.toUpperCase(), roleDefinitionId: guid.toUpperCase() }),
      ),
    );
  });
});

describe('toPolicyReport', () => {
  const severity = fc.constantFrom<Severity>('high', 'medium', 'low');
  const findings = fc.array(fc.tuple(fc.stringMatching(/^[A-Z]{2}[0-9]{3}:[a-z]{1,3}$/), severity).map(([id, s]) => aFinding(id, s)), { maxLength: 30 });

  it('dedupes by id, sorts high→low then by id, and counts per severity', () => {
    fc.assert(
      fc.property(findings, (list) => {
        const report = toPolicyReport(list, NOW);
        const ids = report.findings.map((f) => f.id);
        const sorted = report.findings.every((f, i, all) => i === 0 || severityAtLeast(all[i - 1]!.severity, f.severity));
        const counts = (['high', 'medium', 'low'] as const).every((s) => report.summary[s] === report.findings.filter((f) => f.severity === s).length);
        return new Set(ids).size === ids.length && ids.length === new Set(list.map((f) => f.id)).size && sorted && counts;
      }),
    );
  });
});

describe('severityAtLeast', () => {
  it.each<[Severity, Severity, boolean]>([
    ['high', 'low', true], ['high', 'high', true], ['medium', 'high', false], ['low', 'medium', false], ['low', 'low', true],
  ])('%s ≥ %s → %s', (a, b, expected) => {
    expect(severityAtLeast(a, b)).toBe(expected);
  });
});

describe('policyBlocksBuild', () => {
  const report = (high: number) => toPolicyReport(Array.from({ length: high }, (_, i) => aFinding(`LP001:${i}`, 'high')), NOW);
  it.each<['report' | 'block', number | undefined, boolean]>([
    ['block', 1, true], ['block', 0, false], ['block', undefined, false], ['report', 3, false],
  ])('enforce %s with %s high findings → blocked %s', (enforce, high, blocked) => {
    const gate = policyBlocksBuild({ enforce }, high === undefined ? undefined : report(high));
    expect(gate.blocked).toBe(blocked);
    if (gate.blocked) expect(gate.message).toMatch(/high finding/);
  });
});

describe('policyBlocksBuild properties', () => {
  it('blocks exactly when enforce is block and the latest report has a high finding', () => {
    fc.assert(
      fc.property(fc.constantFrom<'report' | 'block'>('report', 'block'), fc.option(fc.array(fc.constantFrom<Severity>('high', 'medium', 'low'), { maxLength: 8 }), { nil: undefined }), (enforce, severities) => {
        const latest = severities === undefined ? undefined : toPolicyReport(severities.map((s, i) => aFinding(`LP00${i}:x`, s)), NOW);
        const gate = policyBlocksBuild({ enforce }, latest);
        return gate.blocked === (enforce === 'block' && (severities ?? []).includes('high'));
      }),
    );
  });
});

describe('POLICY_RULES', () => {
  it('has unique, well-formed ids', () => {
    const ids = POLICY_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^(LP|NM|PL|SH)\d{3}$/.test(id))).toBe(true);
  });
});
