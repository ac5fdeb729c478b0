import { badge, h, when } from './dom.js';
import type { Run } from './shapes.js';

const STATUS_TONE: Record<string, string> = { Completed: 'good', Running: 'busy', Pending: 'busy', Degraded: 'warn', Failed: 'bad', Cancelled: 'muted' };

export const statusBadge = (status: string) => badge(status, STATUS_TONE[status] ?? 'muted');

export interface RunActions {
  cancel(runId: string): void;
  open(runId: string): void;
}

/** A running run with its progress (from GET /api/runs/{runId}) and a Cancel button. */
export function runningRun(run: Run, actions: RunActions): HTMLElement {
  const percent = Math.max(0, Math.min(100, Math.round(run.progress?.percent ?? 0)));
  const step = run.progress?.step ?? 'starting';
  const label = `run-${run.runId}-progress`;
  return h(
    'li',
    { class: 'card running', 'data-run': run.runId },
    h('p', {}, h('strong', {}, `${run.kind ?? 'run'} ${run.image ?? run.subject ?? ''}`), ' ', statusBadge(run.status), run.cancelRequestedAt ? badge('cancel requested', 'warn') : null),
    h('p', { class: 'run-id' }, run.runId),
    h('label', { for: label }, h('span', { class: 'step' }, `Step: ${step}`), run.progress?.detail ? h('span', { class: 'muted' }, ` — ${run.progress.detail}`) : null),
    h('div', { class: 'bar' }, h('progress', { id: label, max: 100, value: percent }, `${percent}%`), h('span', { class: 'percent' }, `${percent}%`)),
    h(
      'p',
      { class: 'actions' },
      h('button', { type: 'button', class: 'cancel', 'data-key': `cancel:${run.runId}`, disabled: Boolean(run.cancelRequestedAt), onclick: () => actions.cancel(run.runId) }, `Cancel ${run.runId}`),
      h('button', { type: 'button', class: 'secondary', 'data-key': `open:${run.runId}`, onclick: () => actions.open(run.runId) }, 'Details'),
    ),
  );
}

export function historyTable(runs: Run[], actions: RunActions): HTMLElement {
  if (runs.length === 0) return h('p', { class: 'muted' }, 'No runs match.');
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      { class: 'history' },
      h('caption', { class: 'visually-hidden' }, 'Run history, newest first'),
      h('thead', {}, h('tr', {}, ...['Run', 'Kind', 'Image', 'Status', 'Started', 'Version'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        ...runs.map((run) =>
          h(
            'tr',
            { 'data-run': run.runId },
            h('td', {}, h('button', { type: 'button', class: 'link', 'data-key': `history:${run.runId}`, onclick: () => actions.open(run.runId) }, run.runId)),
            h('td', {}, run.kind ?? ''),
            h('td', {}, run.image ?? ''),
            h('td', {}, statusBadge(run.status)),
            h('td', {}, when(run.createdAt)),
            h('td', {}, run.version ?? ''),
          ),
        ),
      ),
    ),
  );
}

/** A step's full output in blobs (docs/logs.md): only https links, the record is data, not markup. */
function logLinks(c: NonNullable<Run['customization']>[number]): HTMLElement | null {
  const links = [
    ['Full output', c.outputLogUri],
    ['Full stderr', c.errorLogUri],
  ].flatMap(([label, uri]) => (uri?.startsWith('https://') ? [h('a', { href: uri, target: '_blank', rel: 'noopener noreferrer' }, label ?? '')] : []));
  if (links.length > 0) return h('p', { class: 'logs' }, ...links.flatMap((a, i) => (i === 0 ? [a] : [' · ', a])));
  return c.log?.reason ? h('p', { class: 'muted' }, `Tails only: ${c.log.reason}`) : null;
}

/** One run: its facts, the timeline of steps, the customization output tails and its error. */
export function runDetail(run: Run, actions: RunActions): HTMLElement {
  const running = run.status === 'Running' || run.status === 'Pending';
  return h(
    'div',
    { class: 'detail', 'data-run': run.runId },
    h('h3', {}, run.runId, ' ', statusBadge(run.status)),
    h(
      'dl',
      { class: 'facts' },
      ...[
        ['Kind', run.kind],
        ['Image', run.image],
        ['Trigger', run.trigger],
        ['Reason', run.reason],
        ['Started', when(run.createdAt)],
        ['Ended', run.endedAt ? when(run.endedAt) : undefined],
        ['Version', run.version],
        ['Subject', run.subject],
      ].flatMap(([k, v]) => (v ? [h('dt', {}, k), h('dd', {}, v)] : [])),
    ),
    run.error ? h('p', { class: 'error', role: 'note' }, 'Error: ', h('code', {}, run.error.code ?? ''), ` ${run.error.message ?? ''}`, run.error.step ? ` (step ${run.error.step})` : '') : null,
    running ? h('button', { type: 'button', class: 'cancel', 'data-key': `detail-cancel:${run.runId}`, onclick: () => actions.cancel(run.runId) }, `Cancel ${run.runId}`) : null,
    h('h4', {}, 'Timeline'),
    (run.steps ?? []).length === 0
      ? h('p', { class: 'muted' }, 'No steps recorded.')
      : h('ol', { class: 'timeline' }, ...(run.steps ?? []).map((s) => h('li', {}, h('time', {}, when(s.at)), ' ', h('strong', {}, s.step ?? ''), s.detail ? ` — ${s.detail}` : '', s.percent === undefined ? '' : ` (${s.percent}%)`))),
    ...(run.customization ?? []).map((c) =>
      h(
        'details',
        { class: 'output' },
        h('summary', {}, `Output of step ${c.step ?? '?'} (exit code ${c.exitCode ?? 'none'})`),
        logLinks(c),
        h('pre', {}, c.outputTail || '(no output)'),
        c.errorTail ? h('pre', { class: 'stderr' }, c.errorTail) : null,
      ),
    ),
  );
}
