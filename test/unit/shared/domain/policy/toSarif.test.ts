import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPolicyReport, type PolicyFinding, type Severity } from '../../../../../shared/domain/policy/finding';
import { formatPolicyReport } from '../../../../../shared/domain/policy/formatPolicyReport';
import { POLICY_RULES } from '../../../../../shared/domain/policy/policyRules';
import { toSarif } from '../../../../../shared/domain/policy/toSarif';
import { sarifValidator } from '../../../scripts/policyCliHarness';

const validate = sarifValidator();
const severity = fc.constantFrom<Severity>('high', 'medium', 'low');
const finding = fc
  .record({
    rule: fc.constantFrom(...POLICY_RULES.map((r) => r.id)),
    severity,
    scope: fc.oneof(fc.constant('/subscriptions/00000000-0000-0000-0000-000000000001'), fc.string({ minLength: 1 })),
    principalId: fc.option(fc.uuid(), { nil: undefined }),
    roleDefinitionId: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
    message: fc.string(),
  })
  .map(
    (f): PolicyFinding => ({
      id: `${f.rule}:${f.scope}:${f.principalId ?? ''}`,
      ruleId: f.rule,
      severity: f.severity,
      scope: f.scope,
      ...(f.principalId === undefined ? {} : { principalId: f.principalId }),
      ...(f.roleDefinitionId === undefined ? {} : { roleDefinitionId: f.roleDefinitionId }),
      message: f.message,
      recommendation: 'r',
    }),
  );
const when = fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2100-01-01') }).map((ms) => new Date(ms).toISOString());

describe('toSarif', () => {
  it('any report becomes schema-valid SARIF 2.1.0 with one result per finding, in order, at the right level', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 15 }), when, fc.option(fc.nat({ max: 500 }), { nil: undefined }), (findings, at, line) => {
        const report = toPolicyReport(findings, at);
        const sarif = toSarif(report, { toolVersion: '1.2.3', artifact: { uri: 'config/catalog.yaml', uriBaseId: '%SRCROOT%' }, lineOf: () => (line === undefined ? undefined : line + 1) });
        if (!validate(sarif)) throw new Error(JSON.stringify(validate.errors?.slice(0, 3)));
        const results = sarif.runs[0]?.results ?? [];
        const levels = { high: 'error', medium: 'warning', low: 'note' } as const;
        return results.length === report.findings.length && results.every((r, i) => r.ruleId === report.findings[i]?.ruleId && r.level === levels[report.findings[i]?.severity ?? 'low']);
      }),
      { numRuns: 60 },
    );
  });

  it('a live scan (no artifact) still validates and carries only logical locations', () => {
    const sarif = toSarif(toPolicyReport([], '2026-11-25T20:00:00.000Z'), { toolVersion: '0.1.0' });
    expect(validate(sarif)).toBe(true);
    expect(sarif.runs[0]?.tool.driver.rules.map((r) => r.id)).toEqual(POLICY_RULES.map((r) => r.id));
  });
});

describe('formatPolicyReport', () => {
  it.each<[string, PolicyFinding[], RegExp[]]>([
    ['empty', [], [/No findings\./, /0 finding\(s\): 0 high, 0 medium, 0 low/]],
    [
      'one finding',
      [{ id: 'LP001:x', ruleId: 'LP001', severity: 'high', scope: '/subscriptions/x', message: 'too much', recommendation: 'less' }],
      [/^HIGH {3}LP001 {2}\/subscriptions\/x$/m, /^ {7}too much$/m, /^ {7}→ less$/m, /1 finding\(s\): 1 high, 0 medium, 0 low/],
    ],
  ])('%s', (_name, findings, patterns) => {
    const text = formatPolicyReport(toPolicyReport(findings, '2026-11-25T20:00:00.000Z'), 'Title');
    expect(text.startsWith('Title — 2026-11-25T20:00:00.000Z\n')).toBe(true);
    for (const pattern of patterns) expect(text).toMatch(pattern);
  });
});
