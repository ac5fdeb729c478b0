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
  const role = parts.roleDefinitionId === undefined ? '' : findingRoleKey(parts.roleDefinitionId);
  const base = [parts.ruleId, parts.scope.toLowerCase(), (parts.principalId ?? '').toLowerCase(), role];
  if (parts.resource !== undefined && parts.resource.toLowerCase() !== parts.scope.toLowerCase()) {
    base.push(parts.resource.toLowerCase());
  }
  return base.join(':');
}

/**
 * The id of a finding without a resource from parts already lower-cased (`findingRoleKey` for the role): what
 * findingId gives, for callers that lower-case each distinct scope, principal and role once rather than per finding.
 */
export function findingIdOfKeys(ruleId: string, scopeKey: string, principalKey: string, roleKey: string): string {
  // Joined rather than concatenated: a flat string, which the report's sort by id compares without flattening first.
  return [ruleId, scopeKey, principalKey, roleKey].join(':');
}

/** The role part of a finding id: the last segment of the definition ID, lower-cased. */
export function findingRoleKey(roleDefinitionId: string): string {
  return lastSegment(roleDefinitionId).toLowerCase();
}

function lastSegment(id: string): string {
  const trimmed = id.endsWith('/') ? id.replace(/\/+$/, '') : id;
  const index = trimmed.lastIndexOf('/');
  return index === -1 ? trimmed : trimmed.slice(index + 1);
}

/** Deduplicates by id (first wins), orders by severity then id so two scans of the same estate print identically. */
export function toPolicyReport(findings: readonly PolicyFinding[], generatedAt: string): PolicyReport {
  const byId = new Map<string, PolicyFinding>();
  for (const finding of findings) if (!byId.has(finding.id)) byId.set(finding.id, finding);
  // Severity then id, as one bucket per severity each sorted by id: ids are unique here, so this is the same order a
  // single comparison sort gives, at a fraction of the comparisons on a scan with hundreds of thousands of findings.
  // The ids are sorted as they are, by the default order (UTF-16 code units, as `<` compares strings), which spares
  // a call into a comparison function per comparison.
  const idsBySeverity: Record<Severity, string[]> = { high: [], medium: [], low: [] };
  for (const finding of byId.values()) idsBySeverity[finding.severity].push(finding.id);
  const ordered: PolicyFinding[] = [];
  for (const severity of SEVERITIES) {
    for (const id of idsBySeverity[severity].sort()) {
      const finding = byId.get(id);
      if (finding !== undefined) ordered.push(finding);
    }
  }
  const summary: Record<Severity, number> = { high: idsBySeverity.high.length, medium: idsBySeverity.medium.length, low: idsBySeverity.low.length };
  return { generatedAt, summary, findings: ordered };
}
