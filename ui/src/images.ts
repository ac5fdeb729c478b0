import { badge, h, when } from './dom.js';
import type { Image, ImageVersion, PruneItem } from './shapes.js';
import { shownVersions } from './versions.js';


const REPLICATION_TONE: Record<string, string> = { Completed: 'good', InProgress: 'busy', Failed: 'bad', Unknown: 'muted' };
const REPLICATION_MARK: Record<string, string> = { Completed: '✓', InProgress: '…', Failed: '✗', Unknown: '?' };

export interface ImageExtras {
  /** From GET /api/images/{image}, for a paused image only. */
  pause?: Image['pause'];
  /** The latest prune plan's items by version: where "protected" and "in use" come from. */
  pruneItems?: ReadonlyMap<string, PruneItem>;
  pruneRunId?: string;
}

export interface ImageActions {
  resume(image: string): void;
  build(image: string): void;
}

function lifecycleBadges(image: Image, version: ImageVersion, prune: ReadonlyMap<string, PruneItem> | undefined): HTMLElement {
  const badges: HTMLElement[] = [];
  if (version.name === image.latestVersion) badges.push(badge('latest', 'good'));
  if (version.lifecycle === 'unpromoted') badges.push(badge('unpromoted', 'warn', 'excluded from latest, no end-of-life date'));
  if (version.lifecycle === 'deprecated') badges.push(badge(`deprecated, end of life ${when(version.endOfLifeDate)}`, 'muted'));
  const kept = prune?.get(version.name);
  if (kept?.reason === 'protected') badges.push(badge('protected', 'info', 'carries the protect tag (latest prune plan)'));
  if (kept?.reason === 'in-use') badges.push(badge('in use', 'info', 'a VM or scale set uses it (latest prune plan)'));
  // Spaced, so the words stay apart when read as text (a screen reader, a copy).
  return h('span', { class: 'badges' }, ...badges.flatMap((b) => [b, ' ']));
}

/** Region × version: every cell says its state in words and a mark, the colour only repeats it. */
function replicationGrid(image: Image, versions: ImageVersion[]): HTMLElement {
  const regions = [...new Set(versions.flatMap((v) => (v.replication?.regions ?? []).map((r) => r.region)))].sort();
  if (versions.length === 0) return h('p', { class: 'muted' }, 'No versions yet.');
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Region'), ...versions.map((v) => h('th', { scope: 'col' }, v.name)));
  const rows = regions.map((region) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, region),
      ...versions.map((v) => {
        const state = v.replication?.regions?.find((r) => r.region === region)?.state;
        if (state === undefined) return h('td', { class: 'cell none', 'data-region': region, 'data-version': v.name }, 'not targeted');
        return h('td', { class: `cell ${REPLICATION_TONE[state] ?? 'muted'}`, 'data-region': region, 'data-version': v.name }, `${REPLICATION_MARK[state] ?? ''} ${state}`);
      }),
    ),
  );
  return h(
    'div',
    { class: 'scroll' },
    h('table', { class: 'grid', 'data-image': image.name }, h('caption', {}, `Replication of ${image.name}: region × version`), h('thead', {}, head), h('tbody', {}, ...rows)),
  );
}

function pauseBlock(image: Image, extras: ImageExtras, actions: ImageActions): HTMLElement | null {
  if (!image.paused) return null;
  const pause = extras.pause;
  const error = pause?.lastError;
  return h(
    'div',
    { class: 'paused', role: 'group', 'aria-label': `${image.name} is paused` },
    h('p', {}, badge('paused', 'bad'), ` after ${pause?.failures ?? '?'} failed scheduled builds`, pause?.since ? `, since ${when(pause.since)}` : ''),
    error ? h('p', {}, 'Last error: ', h('code', {}, error.code ?? ''), ` ${error.message ?? ''}`, error.step ? ` (step ${error.step})` : '', pause?.lastRunId ? ` in run ${pause.lastRunId}` : '') : null,
    h('button', { type: 'button', class: 'resume', 'data-key': `resume:${image.name}`, onclick: () => actions.resume(image.name) }, `Resume ${image.name}`),
  );
}

export function imageCard(image: Image, extras: ImageExtras, actions: ImageActions): HTMLElement {
  const { shown: versions, hidden } = shownVersions(image, extras.pruneItems);
  const last = image.lastBuild;
  return h(
    'article',
    { class: 'card image', 'data-image': image.name, 'aria-labelledby': `image-${image.name}` },
    h('h3', { id: `image-${image.name}` }, image.name, ' ', image.paused ? badge('paused', 'bad') : badge('active', 'good')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Latest version'),
      h('dd', { class: 'latest-version' }, image.latestVersion ?? 'none'),
      h('dt', {}, 'Last build'),
      h('dd', {}, last ? `${last.status ?? '?'}${last.version ? ` → ${last.version}` : ''}${last.error ? ` (${last.error.code ?? ''}: ${last.error.message ?? ''})` : ''}` : 'never built'),
    ),
    pauseBlock(image, extras, actions),
    // A paused image still builds on demand (a successful build resumes it), as POST …/builds does.
    h('p', { class: 'actions' }, h('button', { type: 'button', class: 'build', 'data-key': `build:${image.name}`, onclick: () => actions.build(image.name) }, `Build ${image.name} now`)),
    versions.length > 0
      ? h(
          'ul',
          { class: 'versions', 'aria-label': `Lifecycle of ${image.name}'s versions` },
          ...versions.map((v) => h('li', {}, h('strong', {}, v.name), ' ', lifecycleBadges(image, v, extras.pruneItems), h('span', { class: 'muted' }, ` published ${when(v.publishedDate)}`))),
        )
      : null,
    hidden > 0 ? h('p', { class: 'muted small hidden-versions' }, `${hidden} older version(s) not shown (none latest, unpromoted, protected or in use); GET /api/images/${image.name} lists all.`) : null,
    extras.pruneRunId ? h('p', { class: 'muted small' }, `Protected and in-use marks as of prune run ${extras.pruneRunId}.`) : null,
    replicationGrid(image, versions),
  );
}
