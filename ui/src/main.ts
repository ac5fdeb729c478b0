import { AccessDenied, ApiFailure, apiGet, apiPost, download } from './api.js';
import { storeCredential, storedCredential, takeCredentialFromFragment, type Credential } from './credentials.js';
import { h, replaceContent, when } from './dom.js';
import { imageCard, type ImageExtras } from './images.js';
import { policyReport } from './policy.js';
import { RUN_KINDS } from './runKinds.js';
import { historyTable, runDetail, runningRun, type RunActions } from './runs.js';
import type { Image, PolicyReport, PruneItem, PrunePlan, Run } from './shapes.js';

/** Seconds between refreshes; `?refresh=<1–300>` changes it (a wall screen may poll less, a demo more). */
const refreshSeconds = (() => {
  const asked = Number(new URLSearchParams(location.search).get('refresh'));
  return Number.isInteger(asked) && asked >= 1 && asked <= 300 ? asked : 5;
})();

const $ = (id: string) => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element;
};

const sections = { images: $('images'), running: $('running'), history: $('history'), detail: $('detail'), policy: $('policy') };
const announcer = $('announcer');
const problem = $('problem');
const outcome = $('outcome');
const updated = $('updated');
const filters = $('filters') as HTMLFormElement;

let openRunId: string | undefined;
/** The last status seen per run, to announce changes (not every poll) to screen readers. */
const seenStatus = new Map<string, string>();
/** Prune plans by run ID: a finished run's plan never changes, so each is read once. */
const prunePlans = new Map<string, ReadonlyMap<string, PruneItem>>();

function announce(message: string): void {
  announcer.textContent = message;
}

function showProblem(error: unknown): void {
  if (error instanceof AccessDenied) {
    replaceContent(
      problem,
      h('strong', {}, error.message),
      error.status === 401 ? ' Sign in through the app, or give an Entra ID token or a function key under "Credential".' : ' Reading needs the Reader role; building, cancelling and resuming need Operator.',
    );
  } else {
    replaceContent(problem, h('strong', {}, 'The API did not answer as expected: '), error instanceof Error ? error.message : String(error));
  }
  problem.hidden = false;
}

/**
 * What the last action came to, until the next one: the refresh after an action would hide a message in the problem
 * line before anyone read it, and an older action's message must not outlive a later one.
 */
function showOutcome(what: string, error: unknown): void {
  if (error instanceof ApiFailure && error.status === 409 && error.runId !== undefined) {
    // The expected answer while a run holds the image: not a failure of the API, and the run it names is one click away.
    const runId = error.runId;
    replaceContent(outcome, h('strong', {}, `${what}: `), `${error.message} `, h('button', { type: 'button', class: 'link', 'data-key': `outcome:${runId}`, onclick: () => runActions.open(runId) }, `Show run ${runId}`));
    outcome.className = 'outcome busy';
  } else {
    replaceContent(outcome, h('strong', {}, `${what} failed: `), error instanceof Error ? error.message : String(error));
    outcome.className = 'outcome bad';
  }
  outcome.hidden = false;
}

async function act(what: string, call: () => Promise<unknown>): Promise<void> {
  outcome.hidden = true;
  try {
    await call();
    announce(`${what}: done.`);
  } catch (error) {
    announce(`${what}: ${error instanceof ApiFailure && error.status === 409 ? 'already running' : 'failed'}.`);
    if (error instanceof AccessDenied) showProblem(error);
    else showOutcome(what, error);
  }
  await refresh();
}

const runActions: RunActions = {
  cancel: (runId) => void act(`Cancel ${runId}`, () => apiPost(`runs/${encodeURIComponent(runId)}/cancel`)),
  open: (runId) => {
    openRunId = runId;
    void refreshDetail().then(() => $('detail-heading').focus());
  },
};

const imageActions = {
  resume: (image: string) => void act(`Resume ${image}`, () => apiPost(`images/${encodeURIComponent(image)}/resume`)),
  build: (image: string) => void act(`Build ${image}`, () => apiPost(`images/${encodeURIComponent(image)}/builds`)),
};

async function pruneItemsByImage(): Promise<Map<string, { runId: string; items: ReadonlyMap<string, PruneItem> }>> {
  const { runs } = await apiGet<{ runs: Run[] }>('runs?kind=prune&status=Completed&top=50');
  const newest = new Map<string, Run>();
  for (const run of runs) if (run.image && !newest.has(run.image)) newest.set(run.image, run);
  const result = new Map<string, { runId: string; items: ReadonlyMap<string, PruneItem> }>();
  for (const [image, run] of newest) {
    let items = prunePlans.get(run.runId);
    if (items === undefined) {
      const detail = await apiGet<Run & { output?: PrunePlan | null }>(`runs/${encodeURIComponent(run.runId)}`);
      items = new Map((detail.output?.items ?? []).map((i) => [i.version, i]));
      prunePlans.set(run.runId, items);
    }
    result.set(image, { runId: run.runId, items });
  }
  return result;
}

async function refreshImages(): Promise<Image[]> {
  const [{ images }, prune] = await Promise.all([apiGet<{ images: Image[] }>('images'), pruneItemsByImage()]);
  const paused = await Promise.all(images.filter((i) => i.paused).map((i) => apiGet<Image>(`images/${encodeURIComponent(i.name)}`)));
  const cards = images.map((image) => {
    const plan = prune.get(image.name);
    const extras: ImageExtras = { pause: paused.find((p) => p.name === image.name)?.pause, pruneItems: plan?.items, pruneRunId: plan?.runId };
    return imageCard(image, extras, imageActions);
  });
  replaceContent(sections.images, ...(cards.length > 0 ? cards : [h('p', { class: 'muted' }, 'The catalog has no images.')]));
  return images;
}

async function refreshRunning(): Promise<void> {
  const lists = await Promise.all(['Pending', 'Running'].map((status) => apiGet<{ runs: Run[] }>(`runs?status=${status}&top=50`)));
  const listed = lists.flatMap((l) => l.runs);
  const runs = await Promise.all(listed.map((run) => apiGet<Run>(`runs/${encodeURIComponent(run.runId)}`)));
  const live = runs.filter((r) => r.status === 'Running' || r.status === 'Pending');
  replaceContent(sections.running, live.length > 0 ? h('ul', { class: 'cards' }, ...live.map((run) => runningRun(run, runActions))) : h('p', { class: 'muted' }, 'Nothing is running.'));
}

function filterQuery(): string {
  const query = new URLSearchParams({ top: '25' });
  for (const name of ['image', 'kind', 'status']) {
    const value = (filters.elements.namedItem(name) as HTMLSelectElement | null)?.value;
    if (value) query.set(name, value);
  }
  return query.toString();
}

async function refreshHistory(): Promise<void> {
  const { runs } = await apiGet<{ runs: Run[] }>(`runs?${filterQuery()}`);
  for (const run of runs) {
    const before = seenStatus.get(run.runId);
    if (before !== undefined && before !== run.status) announce(`Run ${run.runId} is now ${run.status}.`);
    seenStatus.set(run.runId, run.status);
  }
  replaceContent(sections.history, historyTable(runs, runActions));
}

async function refreshDetail(): Promise<void> {
  if (openRunId === undefined) return;
  const run = await apiGet<Run>(`runs/${encodeURIComponent(openRunId)}`);
  replaceContent(sections.detail, runDetail(run, runActions));
  sections.detail.hidden = false;
}

async function refreshPolicy(): Promise<void> {
  let report: PolicyReport | null;
  try {
    report = await apiGet<PolicyReport>('policy/report');
  } catch (error) {
    if (!(error instanceof ApiFailure && error.code === 'NO_REPORT')) throw error;
    report = null;
  }
  replaceContent(sections.policy, policyReport(report, () => void act('Download SARIF', () => download('policy/report?format=sarif', 'image-autopilot-policy.sarif.json'))));
}

function fillImageFilter(images: Image[]): void {
  const select = filters.elements.namedItem('image') as HTMLSelectElement;
  const known = new Set([...select.options].map((o) => o.value));
  for (const image of images) if (!known.has(image.name)) select.append(h('option', { value: image.name }, image.name));
}

/** The containers refresh() fills, in the order of its calls (the run detail has none of its own). */
const SECTIONS_IN_REFRESH_ORDER = ['images', 'running', 'history', undefined, 'policy'] as const;

/**
 * A section that never loaded would say "Loading…" for ever; one that loaded before keeps its last data (the problem
 * line above says why it is stale).
 */
function markNeverLoaded(container: HTMLElement, error: unknown): void {
  if (container.textContent?.trim() !== 'Loading…') return;
  const why = error instanceof AccessDenied ? (error.status === 401 ? 'sign-in needed' : 'a role is missing') : 'the API did not answer';
  replaceContent(container, h('p', { class: 'muted' }, `Not loaded: ${why} (see above).`));
}

let refreshing: Promise<void> | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

/** One refresh at a time; each section fails alone, and the first failure is shown (a 401/403 explains itself). */
function refresh(): Promise<void> {
  refreshing ??= (async () => {
    clearTimeout(timer);
    const results = await Promise.allSettled([refreshImages().then(fillImageFilter), refreshRunning(), refreshHistory(), refreshDetail(), refreshPolicy()]);
    results.forEach((result, i) => {
      const section = SECTIONS_IN_REFRESH_ORDER[i];
      if (result.status === 'rejected' && section !== undefined) markNeverLoaded($(section), result.reason);
    });
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) showProblem(failed.reason);
    else problem.hidden = true;
    // The data carry Azure's times (the emulated clock offline); this is only when the page last asked, by this browser.
    updated.textContent = `Refreshed ${when(new Date().toISOString())} by this browser's clock, every ${refreshSeconds} s.`;
    document.body.dataset['refreshes'] = String(Number(document.body.dataset['refreshes'] ?? '0') + 1);
  })().finally(() => {
    refreshing = undefined;
    // A hidden tab stops polling (every poll is several API calls and ARM reads); showing it again refreshes at once.
    timer = setTimeout(() => void (document.hidden ? undefined : refresh()), refreshSeconds * 1000);
  });
  return refreshing;
}

function setUpCredentialState(): void {
  const current = storedCredential();
  $('credential-state').textContent = current ? `Using a ${current.kind === 'token' ? 'bearer token' : 'function key'} for this tab.` : 'Using the sign-in cookie only.';
}

function setUpCredentialForm(): void {
  const form = $('credential') as HTMLFormElement;
  const show = setUpCredentialState;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const value = String(data.get('value') ?? '').trim();
    const kind = data.get('kind') === 'key' ? 'key' : 'token';
    storeCredential(value === '' ? undefined : ({ kind, value } satisfies Credential));
    form.reset();
    show();
    void refresh();
  });
  $('credential-forget').addEventListener('click', () => {
    storeCredential(undefined);
    show();
    void refresh();
  });
  show();
}

(filters.elements.namedItem('kind') as HTMLSelectElement).append(...RUN_KINDS.map((kind) => h('option', { value: kind }, kind)));
takeCredentialFromFragment();
setUpCredentialForm();
// A fragment pasted into the address bar of the open page changes no document: pick it up all the same.
window.addEventListener('hashchange', () => {
  takeCredentialFromFragment();
  setUpCredentialState();
  void refresh();
});
filters.addEventListener('change', () => void refresh());
filters.addEventListener('submit', (event) => {
  event.preventDefault();
  void refresh();
});
$('refresh-now').addEventListener('click', () => void refresh());
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) void refresh();
});
void refresh();
