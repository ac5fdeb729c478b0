import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRODUCT_SETTINGS } from '../../../shared/config/productSettings';
import { RUN_KINDS, RUN_STATUSES } from '../../../shared/domain/runs/runRecord';

/**
 * docs/http-api.md is the reference for what must never be renamed, so it must name everything the code exposes:
 * read from the sources themselves (registrations, descriptors, the error-code union, tag constants), so a new route,
 * durable name, error code or tag without a line in the reference fails here.
 */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const product = [...sources('functions'), ...sources('shared')].map((path) => readFileSync(path, 'utf8')).join('\n');
const httpApi = readFileSync('docs/http-api.md', 'utf8');
const architecture = readFileSync('docs/architecture.md', 'utf8');

const all = (pattern: RegExp, group = 1): string[] => [...new Set([...product.matchAll(pattern)].map((m) => m[group] ?? ''))].sort();

// Routes register through functions/composition/registerRoute.ts: `registerRoute({ name, route, method }, …)`.
const httpRoutes = [...product.matchAll(/register(?:Durable)?Route\(\{\s*name:\s*'(\w+)',\s*route:\s*'([^']+)',\s*method:\s*'(\w+)'/g)].map((m) => ({
  name: m[1] ?? '',
  route: `/api/${m[2] ?? ''}`,
  methods: [m[3] ?? ''],
}));
// A route outside registerRoute's conventions (the anonymous status page) registers with `functionsApp.http` itself.
for (const m of product.matchAll(/functionsApp\.http\('(\w+)',\s*\{\s*route:\s*'([^']+)',\s*methods:\s*\[([^\]]+)\]/g)) {
  httpRoutes.push({ name: m[1] ?? '', route: `/api/${m[2] ?? ''}`, methods: [...(m[3] ?? '').matchAll(/'(\w+)'/g)].map((x) => x[1] ?? '') });
}
const timers = all(/\.timer\('(\w+)'/g);
const eventGrid = all(/\.eventGrid\('(\w+)'/g);
const durableNames = all(/\b(?:activity|orchestrator)<[^;]*?>\('(\w+)'\)/g);
const errorUnion = /export type ApiErrorCode =([^;]+);/.exec(product)?.[1] ?? '';
const errorCodes = [...errorUnion.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] ?? '');
const tags = all(/_TAG = '(autopilot-[a-z0-9-]+)'/g);

describe('docs/http-api.md names every public interface', () => {
  it('found what it checks in the sources', () => {
    expect(httpRoutes.length).toBeGreaterThanOrEqual(12);
    expect(timers.length).toBeGreaterThanOrEqual(3);
    expect(eventGrid.length).toBeGreaterThanOrEqual(1);
    expect(durableNames.length).toBeGreaterThanOrEqual(40);
    expect(errorCodes.length).toBeGreaterThanOrEqual(10);
    expect(tags.length).toBeGreaterThanOrEqual(10);
  });

  it('every HTTP route with its method and function name', () => {
    // The whole path: `GET /api/policy/report` must not pass on the strength of `…/reports`.
    const documented = (method: string, route: string) => new RegExp(`${method} ${route.replace(/[{}.?*]/g, '\\$&')}(?![\\w/])`).test(httpApi);
    const missing = httpRoutes.flatMap(({ name, route, methods }) => [
      ...methods.filter((method) => !documented(method, route)).map((method) => `${method} ${route}`),
      ...(httpApi.includes(`\`${name}\``) ? [] : [name]),
    ]);
    expect(missing).toEqual([]);
  });

  it('every timer and Event Grid function', () => {
    expect([...timers, ...eventGrid].filter((name) => !httpApi.includes(`\`${name}\``))).toEqual([]);
  });

  it('every durable function name (persisted in history)', () => {
    expect(durableNames.filter((name) => !httpApi.includes(`\`${name}\``))).toEqual([]);
  });

  it('every API error code', () => {
    expect(errorCodes.filter((code) => !httpApi.includes(`\`${code}\``))).toEqual([]);
  });

  it('every tag the app reads or writes', () => {
    // Named alone or with its value (`autopilot-capture-to=<image>`).
    expect(tags.filter((tag) => !httpApi.includes(`\`${tag}\``) && !httpApi.includes(`\`${tag}=`))).toEqual([]);
  });
});

describe('docs/http-api.md#list-runs', () => {
  // The filter values the route accepts: a kind missing from the list is a filter nobody knows to use.
  const listRuns = /### List runs\n([\s\S]*?)\n### /.exec(httpApi)?.[1] ?? '';
  const kinds = /`kind` \(([^)]*)\)/.exec(listRuns)?.[1] ?? '';
  const statuses = /`status` \(([^)]*)\)/.exec(listRuns)?.[1] ?? '';
  const listed = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();

  it('lists exactly the run kinds and statuses the route accepts', () => {
    expect(listed(kinds)).toEqual([...RUN_KINDS].sort());
    expect(listed(statuses)).toEqual([...RUN_STATUSES].sort());
  });
});

describe('docs/architecture.md', () => {
  it('names every product app setting', () => {
    expect(PRODUCT_SETTINGS.map((s) => s.name).filter((name) => !architecture.includes(`\`${name}\``))).toEqual([]);
  });
});
