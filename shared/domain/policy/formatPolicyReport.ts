import type { PolicyReport } from './finding';

/** Human output: one block per finding, most severe first, then a summary line people can grep in CI logs. */
export function formatPolicyReport(report: PolicyReport, title: string): string {
  const lines = [`${title} — ${report.generatedAt}`];
  if (report.findings.length === 0) lines.push('', 'No findings.');
  for (const finding of report.findings) {
    lines.push('', `${finding.severity.toUpperCase().padEnd(6)} ${finding.ruleId}  ${finding.scope}`, `       ${finding.message}`, `       → ${finding.recommendation}`);
  }
  const { high, medium, low } = report.summary;
  lines.push('', `${report.findings.length} finding(s): ${high} high, ${medium} medium, ${low} low`);
  return `${lines.join('\n')}\n`;
}
