/**
 * The status page (docs/ui.md) in a real browser: Debian's Chromium driven by playwright-core, against the whole
 * offline stack. What the page shows is compared with what the API and ARM say; the emulated clock moves only when
 * the test steps it, so a change on the page follows a step of the test, never a wall-clock wait.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { RUN_KINDS } from '../../shared/domain/runs/runRecord';
import { apiToken } from '../support/apiAuth';
import { armReader, imageRef } from '../support/armReader';
import { launchChromium, pageErrors, screenshot } from '../support/browser';
import { aCatalog, anImageNamed, LOCATION, SUBSCRIPTION } from '../support/builders';
import { getInstance, getRaw, getRunRecord, listRuns, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';
import { aDeprecatedSeed, aVersionSeed, pruneSeed } from './pruneSeed';

const LOGS_IDENTITY = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ui-logs`;
const images = {
  grid: anImageNamed('img-ui-grid'),
  paused: anImageNamed('img-ui-paused'),
  build: anImageNamed('img-ui-build'),
  logs: anImageNamed('img-ui-logs', { build: { identity: LOGS_IDENTITY } }),
};
const catalog = aCatalog({ images: Object.values(images) });
const REGIONS = [LOCATION, 'northeurope', 'eastus'];

let stack: Stack;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  const seed = pruneSeed(catalog, {
    versions: {
      [images.grid.name]: [
        aVersionSeed('1.0.2', 1, { targetRegions: REGIONS, excludeFromLatest: true, replication: { northeurope: 'Failed' } }),
        aVersionSeed('1.0.1', 10, { targetRegions: REGIONS, tags: { 'autopilot-retain': 'true' } }),
        aDeprecatedSeed('1.0.0', 40, '2027-01-31T00:00:00.000Z'),
      ],
    },
  });
  for (const gallery of seed.galleries ?? []) {
    for (const image of gallery.images ?? []) {
      if (image.name === images.paused.name) image.tags = { 'autopilot-consecutive-failures': '3', 'autopilot-last-failure': '2026-11-24T03:00:00.000Z' };
    }
  }
  // A user owning the subscription directly: the policy scan reports it, so the page has a finding to group.
  // A publisher on the gallery: its finding names actions such as Microsoft.Compute/galleries/images/versions/delete,
  // long unbroken words the phone-width check needs.
  const galleryId = `/subscriptions/${catalog.gallery.subscriptionId}/resourceGroups/${catalog.gallery.resourceGroup}/providers/Microsoft.Compute/galleries/${catalog.gallery.name}`;
  seed.roleAssignments = [
    { scope: `/subscriptions/${catalog.gallery.subscriptionId}`, roleName: 'Owner', principalId: '7c1b5a8e-0000-4000-8000-00000000f00d', principalType: 'User' },
    { scope: galleryId, roleName: 'Compute Gallery Artifacts Publisher', principalId: '7c1b5a8e-0000-4000-8000-00000000beef', principalType: 'User' },
  ];
  seed.userAssignedIdentities = [{ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-identities', name: 'id-ui-logs' }];
  stack = await startStack({ catalog, seed, log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined });
  // A dry-run prune: its plan is where the page reads "protected" from.
  expect((await postJson(`${stack.url}/api/images/${images.grid.name}/prune?dryRun=true`)).status).toBe(200);
  const scan = await postJson(`${stack.url}/api/policy/scans`);
  expect((await runUntilDone(stack, runIdOf(scan))).runtimeStatus).toBe('Completed');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  errors = pageErrors(page);
  // A refresh every second: each check below waits for the page's next poll to show what the test just did. The local
  // host plays App Service Authentication, so the page gets the test caller's token as a user pastes the printed one.
  await page.goto(`${stack.url}/api/ui?refresh=1#token=${signedIn()}`);
});

function signedIn(): string {
  const token = apiToken();
  if (token === undefined) throw new Error('the stack signed no test caller in');
  return token;
}

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Page-side expressions are strings: this project's TypeScript has no DOM types outside ui/. */
const ACTIVE_KEY = "document.activeElement?.dataset.key ?? ''";
/** How long the page may take to show what the test did: a few of its 1 s refreshes on a loaded machine. */
const EVENTUALLY = { timeout: 20_000, interval: 100 };
const card = (image: string) => page.locator(`article[data-image="${image}"]`);

/**
 * Waits until the page has finished a refresh that started after this call: what the API said before is on screen.
 * (Read through the DevTools protocol: the page's CSP forbids the in-page eval waitForFunction uses.)
 */
async function nextRefresh(): Promise<void> {
  const refreshes = async () => Number((await page.getAttribute('body', 'data-refreshes')) ?? '0');
  const seen = await refreshes();
  await expect.poll(refreshes, EVENTUALLY).toBeGreaterThan(seen + 1);
}

describe('the status page routes', () => {
  it('GET /api/ui redirects to the page; its files come with their type, a strict CSP, nosniff and revalidation', async () => {
    const redirect = await getRaw(`${stack.url}/api/ui`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/api/ui/index.html');
    expect((await getRaw(`${stack.url}/api/ui/`)).headers.get('location')).toBe('/api/ui/index.html');
    for (const [file, type] of [['index.html', 'text/html'], ['main.js', 'text/javascript'], ['style.css', 'text/css'], ['icon.svg', 'image/svg+xml']] as const) {
      const res = await getRaw(`${stack.url}/api/ui/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toMatch(new RegExp(`^${type.replace('+', '\\+')}`));
      expect(res.headers.get('x-content-type-options'), file).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), file).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'/);
      expect(res.headers.get('cache-control'), file).toBe('no-cache');
      const again = await getRaw(`${stack.url}/api/ui/${file}`, { 'if-none-match': res.headers.get('etag') ?? '' });
      expect(again.status, file).toBe(304);
    }
    const html = (await getRaw(`${stack.url}/api/ui/index.html`)).text;
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|style=/i);
  });

  it.each([
    ['a parent path', '/api/ui/../../package.json'],
    ['an encoded parent path', '/api/ui/%2e%2e/%2e%2e/package.json'],
    ['encoded slashes', '/api/ui/..%2f..%2fpackage.json'],
    ['an encoded backslash', '/api/ui/..%5c..%5cpackage.json'],
    ['an absolute path', '/api/ui/%2fetc%2fpasswd'],
    ['a nested path', '/api/ui/ui/index.html'],
    ['a file the page does not have', '/api/ui/tsconfig.json'],
  ])('%s is a 404: only the page\'s own files are served', async (_name, path) => {
    const res = await getRaw(`${stack.url}${path}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toMatch(/"name": "image-autopilot"|root:/);
  });
});

describe('the status page in Chromium', () => {
  it('loads with no console errors and shows every catalog image with its latest version', async () => {
    for (const image of Object.values(images)) await card(image.name).waitFor();
    await expect.poll(() => card(images.grid.name).locator('.latest-version').textContent(), EVENTUALLY).toBe('1.0.1');
    await expect.poll(() => page.locator('#policy').textContent(), EVENTUALLY).toMatch(/High \(\d+\)[\s\S]*Recommendation/);
    await screenshot(page, 'desktop');
    expect(errors, errors.join('\n')).toEqual([]);
  });

  it('the replication grid matches ARM, region by region, in words as well as colour', async () => {
    const versions = await armReader(stack).gallery.listImageVersions(imageRef(stack, images.grid.name));
    const expected = versions.flatMap((v) => v.replication.regions.map((r) => [v.name, r.region, r.state]));
    expect(expected.length).toBe(3 + 3 + 1);
    expect(expected).toContainEqual(['1.0.2', 'northeurope', 'Failed']);
    const shown = await card(images.grid.name).locator('td[data-version]').evaluateAll((cells) =>
      cells.flatMap((c) => (c.textContent === 'not targeted' ? [] : [[c.getAttribute('data-version'), c.getAttribute('data-region'), (c.textContent ?? '').replace(/^\S+ /, '')]])),
    );
    expect(shown.sort()).toEqual(expected.sort());
    const lifecycle = await card(images.grid.name).locator('.versions').textContent();
    expect(lifecycle).toMatch(/1\.0\.2 unpromoted/);
    expect(lifecycle).toMatch(/1\.0\.1 latest protected/);
    expect(await card(images.grid.name).textContent()).toMatch(/Protected and in-use marks as of prune run prune-img-ui-grid-/);
    expect(lifecycle).toMatch(/1\.0\.0 deprecated, end of life 2027-01-31 00:00:00 UTC/);
  });

  it('Resume un-pauses a paused image: the definition loses its failure tags and the page says active', async () => {
    const paused = card(images.paused.name);
    await expect.poll(() => paused.locator('.paused').textContent(), EVENTUALLY).toMatch(/after 3 failed scheduled builds/);
    await paused.getByRole('button', { name: `Resume ${images.paused.name}` }).click();
    await paused.locator('.paused').waitFor({ state: 'detached' });
    const definition = await armReader(stack).gallery.getImageDefinition(imageRef(stack, images.paused.name));
    expect(Object.keys(definition.tags).filter((t) => t.startsWith('autopilot-'))).toEqual([]);
    expect(await paused.locator('h3').textContent()).toMatch(/active/);
  });

  it('a running build\'s progress bar advances with the build, the keyboard reaches its Cancel, and Cancel ends the run', async () => {
    const runId = runIdOf(await postJson(`${stack.url}/api/images/${images.build.name}/builds`, { reason: 'status page' }));
    const bar = page.locator(`li[data-run="${runId}"] progress`);
    await bar.waitFor();
    const percentNow = async () => Number((((await getInstance(stack.url, runId))?.customStatus ?? {}) as { percent?: number }).percent ?? 0);
    await stack.backend.engine.quiescent();
    const before = await percentNow();
    await expect.poll(() => bar.getAttribute('value'), EVENTUALLY).toBe(String(before));
    for (let step = 0; step < 100 && (await percentNow()) <= before; step++) {
      stack.clock.advance(15);
      await stack.backend.engine.quiescent();
    }
    const after = await percentNow();
    expect(after).toBeGreaterThan(before);
    await expect.poll(() => bar.getAttribute('value'), EVENTUALLY).toBe(String(after));

    await page.locator('body').focus();
    let focused = '';
    for (let tab = 0; tab < 40 && focused !== `cancel:${runId}`; tab++) {
      await page.keyboard.press('Tab');
      focused = String(await page.evaluate(ACTIVE_KEY));
    }
    expect(focused).toBe(`cancel:${runId}`);
    await nextRefresh();
    expect(await page.evaluate(ACTIVE_KEY)).toBe(`cancel:${runId}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator(`li[data-run="${runId}"]`).textContent(), EVENTUALLY).toMatch(/cancel requested/);

    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus).toBe('Failed');
    expect((await listRuns(stack.url, { image: images.build.name, kind: 'build' }))[0]).toMatchObject({ runId, status: 'Cancelled' });
    await page.locator(`li[data-run="${runId}"]`).waitFor({ state: 'detached' });
    await expect.poll(() => page.locator(`#history tr[data-run="${runId}"]`).textContent(), EVENTUALLY).toMatch(/Cancelled/);
    expect(errors).toEqual([]);
  });

  it('the history\'s kind filter offers every kind of run the API knows', async () => {
    const offered = await page.locator('#filters select[name="kind"] option').evaluateAll((options) => options.map((o) => o.getAttribute('value')));
    expect(offered).toEqual(['', ...RUN_KINDS]);
  });

  it('the history filters by kind and status, as GET /api/runs does', async () => {
    await page.selectOption('#filters select[name="kind"]', 'build');
    await page.selectOption('#filters select[name="status"]', 'Cancelled');
    const expected = (await listRuns(stack.url, { kind: 'build', status: 'Cancelled' })).map((r) => r.runId);
    expect(expected.length).toBe(1);
    await expect.poll(() => page.locator('#history tr[data-run]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run'))), EVENTUALLY).toEqual(expected);
  });

  it('a run\'s detail shows its timeline and error', async () => {
    const [run] = await listRuns(stack.url, { image: images.build.name, kind: 'build', top: 1 });
    await page.locator(`#history tr[data-run="${run?.runId}"] button`).click();
    const detail = page.locator('#detail .detail');
    await expect.poll(() => detail.textContent(), EVENTUALLY).toMatch(/CANCELLED/);
    expect(await detail.locator('.timeline li').count()).toBeGreaterThan(1);
    await expect.poll(() => page.evaluate('document.activeElement?.id'), EVENTUALLY).toBe('detail-heading');
  });

  it('a run\'s detail links each step\'s full output, as the run record gives it', async () => {
    const runId = runIdOf(await postJson(`${stack.url}/api/images/${images.logs.name}/builds`, {}));
    expect((await runUntilDone(stack, runId)).runtimeStatus).toBe('Completed');
    const record = (await getRunRecord(stack.url, runId)).body as { customization: { outputLogUri: string; errorLogUri: string }[] };
    const expected = record.customization.flatMap((c) => [c.outputLogUri, c.errorLogUri]);
    expect(expected.length).toBeGreaterThan(0);
    await page.selectOption('#filters select[name="status"]', 'Completed');
    await expect.poll(() => page.locator(`#history tr[data-run="${runId}"] button`).count(), EVENTUALLY).toBe(1);
    await page.locator(`#history tr[data-run="${runId}"] button`).click();
    const links = page.locator(`#detail .detail[data-run="${runId}"] .logs a`);
    await expect.poll(() => links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), EVENTUALLY).toEqual(expected);
  });

  it('a credential in the fragment leaves the address bar and goes with every API call; a 401 is explained, not blank', async () => {
    // Through the redirect, as a link would be given: the fragment survives it, then leaves the address bar.
    const token = signedIn();
    await page.goto(`${stack.url}/api/ui?refresh=1#token=${token}`);
    const sent = await page.waitForRequest((request) => request.url().endsWith('/api/images'));
    expect(sent.headers()['authorization']).toBe(`Bearer ${token}`);
    expect(page.url()).toBe(`${stack.url}/api/ui/index.html?refresh=1`);
    expect(await page.locator('#credential-state').textContent()).toMatch(/bearer token/);

    // Without it, the local host's App Service Authentication refuses the API calls: the page says why.
    await page.locator('#credential-forget').click();
    expect(await page.locator('#credential-state').textContent()).toMatch(/cookie only/);
    await expect.poll(() => page.locator('#problem').textContent(), EVENTUALLY).toMatch(/sign in or give a credential \(401\)/);
    expect(await page.locator('#problem').isVisible()).toBe(true);
    // Opened afresh without a credential, no section is left saying "Loading…".
    await page.reload();
    await expect.poll(() => page.locator('#images').textContent(), EVENTUALLY).toMatch(/Not loaded: sign-in needed/);
    for (const section of ['#running', '#history', '#policy']) expect(await page.locator(section).textContent()).toMatch(/Not loaded: sign-in needed/);

    // A function key goes as x-functions-key (AUTH_MODE=keys deployments).
    await page.goto(`${stack.url}/api/ui?refresh=1#key=the-function-key`);
    const keyed = await page.waitForRequest((request) => request.url().endsWith('/api/images'));
    expect(keyed.headers()['x-functions-key']).toBe('the-function-key');
    expect(await page.locator('#credential-state').textContent()).toMatch(/function key/);

    await page.goto(`${stack.url}/api/ui?refresh=1#token=${token}`);
    await page.locator('#problem').waitFor({ state: 'hidden' });
    // The browser's own reports of the refused requests are the only console errors.
    expect(errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    errors.length = 0;
  });

  it('at phone width (390 px) the page has no horizontal scroll', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await nextRefresh();
    expect(await page.locator('#policy .finding').allTextContents()).toContainEqual(expect.stringContaining('Microsoft.Compute/galleries/images/versions/delete'));
    const { scrollWidth, clientWidth } = (await page.evaluate('({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })')) as { scrollWidth: number; clientWidth: number };
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await screenshot(page, 'phone');
    expect(errors).toEqual([]);
  });
  it('Build now starts a build through the API, which shows among the running runs and completes; again while it runs names it', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await nextRefresh();
    const before = new Set((await listRuns(stack.url, { image: images.build.name, kind: 'build' })).map((r) => r.runId));
    await page.locator(`button[data-key="build:${images.build.name}"]`).click();
    await expect.poll(async () => (await listRuns(stack.url, { image: images.build.name, kind: 'build' })).filter((r) => !before.has(r.runId)).length, EVENTUALLY).toBe(1);
    const [started] = (await listRuns(stack.url, { image: images.build.name, kind: 'build' })).filter((r) => !before.has(r.runId));
    const runId = started?.runId ?? '';
    await page.locator(`li[data-run="${runId}"] progress`).waitFor();

    // Again while it runs: the API's expected 409 BUILD_RUNNING, shown with the run it names (not as a failure).
    await page.locator(`button[data-key="build:${images.build.name}"]`).click();
    const outcome = page.locator('#outcome');
    await expect.poll(() => outcome.textContent(), EVENTUALLY).toMatch(new RegExp(`already running.*Show run ${runId}`));
    await nextRefresh();
    expect(await outcome.isVisible()).toBe(true);
    expect(await page.locator('#problem').isVisible()).toBe(false);
    await outcome.getByRole('button', { name: `Show run ${runId}` }).click();
    await page.locator(`#detail .detail[data-run="${runId}"]`).waitFor();

    // A later action that succeeds leaves no word of the earlier answer.
    expect((await runUntilDone(stack, runId)).runtimeStatus).toBe('Completed');
    await nextRefresh();
    await page.locator(`button[data-key="build:${images.build.name}"]`).click();
    await expect.poll(async () => (await listRuns(stack.url, { image: images.build.name, kind: 'build' })).filter((r) => !before.has(r.runId)).length, EVENTUALLY).toBe(2);
    await nextRefresh();
    expect(await outcome.isVisible()).toBe(false);
    const [again] = (await listRuns(stack.url, { image: images.build.name, kind: 'build' })).filter((r) => !before.has(r.runId) && r.runId !== runId);
    expect((await runUntilDone(stack, again?.runId ?? '')).runtimeStatus).toBe('Completed');
    // The browser's own report of the 409 is the only console error.
    expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  });
});
