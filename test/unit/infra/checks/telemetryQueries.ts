/**
 * The KQL of the alerts and the workbook against the names the app emits (shared/domain/telemetry/names.ts): a query
 * on a name the app never sends is an alert that never fires or a chart that stays empty, and nothing else says so.
 */
import { ALL_TELEMETRY_EVENTS, TELEMETRY_FIELDS, TELEMETRY_METRICS, TELEMETRY_TABLES } from '../../../../shared/domain/telemetry/names';
import type { SourceFile } from './sourceFile';

export interface Query {
  where: string;
  kql: string;
}

/** Every `'''…'''` string of a Bicep file: the alert rules keep their KQL in multi-line strings. */
export function bicepQueries(file: SourceFile): Query[] {
  return [...file.text.matchAll(/'''\r?\n?([\s\S]*?)'''/g)].map((match, i) => ({ where: `${file.path} query ${i + 1}`, kql: match[1] ?? '' }));
}

/** Every `query` of a workbook's items, nested groups included. */
export function workbookQueries(path: string, workbook: unknown): Query[] {
  const found: Query[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}[${i}]`));
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'query' && typeof value === 'string') found.push({ where: `${path} ${at}`, kql: value });
        else walk(value, at === '' ? key : `${at}.${key}`);
      }
    }
  };
  walk(workbook, '');
  return found;
}

/** Application Insights tables a query could name; only TELEMETRY_TABLES hold the app's own telemetry. */
const INSIGHTS_TABLES = ['customEvents', 'customMetrics', 'traces', 'requests', 'dependencies', 'exceptions', 'pageViews', 'availabilityResults', 'performanceCounters', 'browserTimings'];

function literals(list: string): string[] {
  return [...list.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
}

export function queryProblems(query: Query): string[] {
  const problems: string[] = [];
  const kql = query.kql;
  const table = /^\s*([A-Za-z_]\w*)/.exec(kql)?.[1];
  // Where a table can be named: first, in a union, or as the right side of a join or lookup (a column may share a
  // table's name, as `requests = count()` does, so bare words are not tables).
  const referenced = [
    ...(table === undefined ? [] : [table]),
    ...[...kql.matchAll(/\bunion\b([^|]*)/g)].flatMap((m) => (m[1] ?? '').split(',').map((t) => t.replace(/\(.*$/, '').trim().split(/\s+/).pop() ?? '')),
    ...[...kql.matchAll(/\b(?:join|lookup)\b[^(|]*\(\s*([A-Za-z_]\w*)/g)].map((m) => m[1] ?? ''),
  ];
  for (const name of referenced) {
    if (INSIGHTS_TABLES.includes(name) && !(TELEMETRY_TABLES as readonly string[]).includes(name)) problems.push(`${query.where}: table ${name} holds none of the app's telemetry`);
  }
  if (table === undefined || !(TELEMETRY_TABLES as readonly string[]).includes(table)) problems.push(`${query.where}: starts with ${table ?? 'nothing'}, not one of ${TELEMETRY_TABLES.join(', ')}`);
  const known = table === 'customMetrics' ? (Object.values(TELEMETRY_METRICS) as readonly string[]) : ALL_TELEMETRY_EVENTS;
  const names = [...kql.matchAll(/\bname\s*(?:==|=~|in~?)\s*(\([^)]*\)|'[^']*'|"[^"]*")/g)].flatMap((m) => literals(m[1] ?? ''));
  if (table !== 'traces' && names.length === 0) problems.push(`${query.where}: filters on no event or metric name`);
  for (const name of names) if (!known.includes(name)) problems.push(`${query.where}: ${name} is not a ${table === 'customMetrics' ? 'metric' : 'event'} the app emits`);
  for (const m of kql.matchAll(/customDimensions(?:\.([A-Za-z_]\w*)|\[\s*['"]([^'"]+)['"]\s*\])/g)) {
    const field = m[1] ?? m[2] ?? '';
    if (!(TELEMETRY_FIELDS as readonly string[]).includes(field)) problems.push(`${query.where}: customDimensions.${field} is not a field the app writes`);
  }
  return problems;
}
