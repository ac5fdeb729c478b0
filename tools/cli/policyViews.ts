import type { PolicyReport, PrunePlan } from './apiShapes';
import { cell, formatTable } from './table';

const SEVERITIES = ['high', 'medium', 'low'];

/** Grouped by severity, each finding with what to do about it. */
export function policyReportText(report: PolicyReport): string {
  const summary = report.summary ?? {};
  let text = `policy report of ${cell(report.generatedAt)}: ${SEVERITIES.map((s) => `${summary[s] ?? 0} ${s}`).join(', ')}\n`;
  for (const severity of SEVERITIES) {
    const findings = (report.findings ?? []).filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    text += `\n${severity.toUpperCase()}\n`;
    for (const f of findings) text += `  ${f.ruleId}  ${f.resource ?? f.scope}\n    ${f.message}\n${f.recommendation ? `    fix: ${f.recommendation}\n` : ''}`;
  }
  return text;
}

export function prunePlanText(plan: PrunePlan): string {
  const items = plan.items ?? [];
  let text = `prune of ${cell(plan.image)} (${plan.dryRun === false ? 'applied' : 'dry run: nothing changed'})\n`;
  text += items.length === 0 ? 'no versions\n' : formatTable(['VERSION', 'ACTION', 'REASON', 'END OF LIFE', 'DETAIL'], items.map((i) => [i.version, i.action, i.reason, cell(i.endOfLifeDate), cell(i.detail)]));
  const summary = plan.summary ?? {};
  text += `summary: ${Object.entries(summary).map(([k, v]) => `${v} ${k}`).join(', ') || '-'}\n`;
  for (const failed of plan.failed ?? []) text += `failed: ${failed.version} ${failed.action}: ${failed.reason}\n`;
  return text;
}
