/**
 * The policy report of docs/http-api.md#policy-report. Findings carry a stable `id` so a finding that persists across scans keeps
 * its identity (dashboards, SARIF baselines and suppressions key on it).
 */

export type Severity = 'high' | 'medium' | 'low';

export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

export interface PolicyFinding {
  id: string;
  ruleId: string;
  severity: Severity;
  scope: string;
  principalId?: string;
  roleDefinitionId?: string;
  resource?: string;
  message: string;
  recommendation: string;
}

export interface PolicyReport {
  generatedAt: string;
  summary: Record<Severity, number>;
  findings: PolicyFinding[];
}

/** Reports come back from durable storage as plain JSON: check the shape before serving or enforcing one. */
export function isPolicyReport(value: unknown): value is PolicyReport {
  if (typeof value !== 'object' || value === null) return false;
  const { generatedAt, summary, findings } = value as Partial<Record<keyof PolicyReport, unknown>>;
  return (
    typeof generatedAt === 'string' &&
    typeof summary === 'object' &&
    summary !== null &&
    SEVERITIES.every((severity) => typeof (summary as Record<string, unknown>)[severity] === 'number') &&
    Array.isArray(findings)
  );
}

const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export function isSeverity(value: unknown): value is Severity {
  return value === 'high' || value === 'medium' || value === 'low';
}

/**
 * Azure IDs are case-insensitive and different APIs return different casings of the same scope, so the ID is built
 * from lower-cased parts; role definitions are keyed by their GUID because the same role appears under different
 * scope prefixes (`/subscriptions/…/providers/…` vs `/providers/…`).
 */
export function findingId(parts: {
  ruleId: string;
  scope: string;
  principalId?: string;
  roleDefinitionId?: string;
  resource?: string;
}): string {
  const role = parts.roleDefinitionId === undefined ? '' : lastSegment(parts.roleDefinitionId);
  const base = [parts.ruleId, parts.scope.toLowerCase(), (parts.principalId ?? '').toLowerCase(), role.toLowerCase()];
  if (parts.resource !== undefined && parts.resource.toLowerCase() !== parts.scope.toLowerCase()) {
    base.push(parts.resource.toLowerCase());
  }
  return base.join(':');
}

function lastSegment(id: string): string {
  const trimmed = id.replace(/\/+$/, '');
  const index = trimmed.lastIndexOf('/');
  return index === -1 ? trimmed : trimmed.slice(index + 1);
}

/** Deduplicates by id (first wins), orders by severity then id so two scans of the same estate print identically. */
export function toPolicyReport(findings: readonly PolicyFinding[], generatedAt: string): PolicyReport {
  const byId = new Map<string, PolicyFinding>();
  for (const finding of findings) if (!byId.has(finding.id)) byId.set(finding.id, finding);
  const ordered = [...byId.values()].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareStrings(a.id, b.id),
  );
  const summary: Record<Severity, number> = { high: 0, medium: 0, low: 0 };
  for (const finding of ordered) summary[finding.severity] += 1;
  return { generatedAt, summary, findings: ordered };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
