import { badge, h, when } from './dom.js';
import type { PolicyReport } from './shapes.js';

const SEVERITIES = ['high', 'medium', 'low'] as const;
const TONE: Record<string, string> = { high: 'bad', medium: 'warn', low: 'info' };

/** The latest report grouped by severity, each finding with its recommendation; SARIF is one click away. */
export function policyReport(report: PolicyReport | null, downloadSarif: () => void): HTMLElement {
  if (report === null) return h('p', { class: 'muted' }, 'No policy report yet: the first scan has not completed.');
  const findings = report.findings ?? [];
  return h(
    'div',
    {},
    h(
      'p',
      {},
      `Generated ${when(report.generatedAt)}. `,
      ...SEVERITIES.map((s) => badge(`${report.summary?.[s] ?? 0} ${s}`, TONE[s] ?? 'muted')),
      ' ',
      h('a', { href: '../policy/report?format=sarif', class: 'sarif', 'data-key': 'sarif', onclick: (e: Event) => (e.preventDefault(), downloadSarif()) }, 'Download as SARIF'),
    ),
    ...SEVERITIES.map((severity) => {
      const group = findings.filter((f) => f.severity === severity);
      if (group.length === 0) return null;
      return h(
        'section',
        { class: `severity ${severity}`, 'aria-label': `${severity} findings` },
        h('h3', {}, `${severity[0]?.toUpperCase()}${severity.slice(1)} (${group.length})`),
        h(
          'ul',
          {},
          ...group.map((f) =>
            h(
              'li',
              { class: 'finding' },
              h('p', {}, badge(f.severity, TONE[f.severity] ?? 'muted'), ' ', h('code', {}, f.ruleId), ` ${f.message}`),
              f.recommendation ? h('p', {}, h('strong', {}, 'Recommendation: '), f.recommendation) : null,
              h('p', { class: 'muted small scope' }, f.resource ?? f.scope),
            ),
          ),
        ),
      );
    }),
  );
}
