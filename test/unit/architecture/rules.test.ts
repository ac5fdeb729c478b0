/**
 * The architecture rules are code (.dependency-cruiser.cjs, eslint.config.mjs); these tests show each one fires on a
 * planted violation and stays quiet on the allowed neighbour, so a rule that silently stopped matching (a renamed
 * folder, a regex typo) fails here instead of waving every violation through.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();

/** A small tree with one violation per rule and, beside each, an import the rule allows. */
const PLANTED: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'Preserve', moduleResolution: 'Bundler', strict: true }, include: ['**/*.ts'] }),
  'package.json': JSON.stringify({ name: 'planted', private: true, dependencies: { 'planted-prod': '1.0.0' }, devDependencies: { 'planted-dev': '1.0.0' } }),
  'node_modules/planted-dev/package.json': JSON.stringify({ name: 'planted-dev', version: '1.0.0', main: 'index.js' }),
  'node_modules/planted-dev/index.js': 'exports.dev = 1;\n',
  'node_modules/planted-prod/package.json': JSON.stringify({ name: 'planted-prod', version: '1.0.0', main: 'index.js' }),
  'node_modules/planted-prod/index.js': 'exports.prod = 1;\n',

  'functions/index.ts': "import { register } from './composition/register';\nregister();\n",
  'functions/composition/register.ts': [
    "import { activity } from '../activities/activity';",
    "import { trigger } from '../triggers/trigger';",
    "import { run } from '../orchestrators/run';",
    "import { kernel } from '../durable/kernel';",
    "import type { Payload } from '../contracts/feature';",
    "export function register(): Payload[] { return [activity(), trigger(), run(), kernel()].map(() => ({ n: 1 })); }",
  ].join('\n'),
  // activities-know-no-callers: an activity reaching for a trigger's constant.
  'functions/activities/activity.ts': "import { TRIGGER_TAG } from '../triggers/tag';\nexport const activity = () => TRIGGER_TAG;\n",
  'functions/triggers/tag.ts': "export const TRIGGER_TAG = 'tag';\n",
  // triggers-start-not-run: a trigger running an activity's code in-process.
  'functions/triggers/trigger.ts': "import { activity } from '../activities/activity';\nexport const trigger = () => activity();\n",
  // functions-root-is-entry-only: a loose file at the functions root.
  'functions/loose.ts': 'export const loose = 1;\n',
  // orchestrators-stay-deterministic: an orchestrator importing an adapter (and a root file).
  'functions/orchestrators/run.ts': "import { loose } from '../loose';\nimport { adapter } from '../../shared/adapters/adapter';\nexport const run = () => loose + adapter;\n",
  'shared/adapters/adapter.ts': 'export const adapter = 1;\n',
  // durable-helpers-are-leaves: the kernel importing a feature's contract; orchestrators-stay-deterministic: port code.
  'functions/durable/kernel.ts': "import { featureName } from '../contracts/feature';\nimport { portHelper } from '../../shared/ports/port';\nexport const kernel = () => featureName + portHelper();\n",
  // contracts-are-declarations: behaviour from an orchestrator helper, a runtime domain import; a type-only port import is allowed.
  'functions/contracts/feature.ts': [
    "import { notify } from '../orchestrators/notify';",
    "import { domainRule } from '../../shared/domain/rule';",
    "import type { PortView } from '../../shared/ports/port';",
    'export interface Payload { n: number; view?: PortView }',
    'export const featureName = `${notify()}${domainRule()}`;',
  ].join('\n'),
  'functions/orchestrators/notify.ts': "export const notify = () => 'n';\n",
  'shared/ports/port.ts': 'export interface PortView { id: string }\nexport const portHelper = () => 1;\n',
  // domain-is-pure: node:fs is I/O; node:crypto is the one core module allowed.
  'shared/domain/rule.ts': "import { createHash } from 'node:crypto';\nimport { readFileSync } from 'node:fs';\nexport const domainRule = () => createHash('sha256').update(String(readFileSync)).digest('hex');\n",
  // no-orphans: imported by nobody, importing nothing.
  'shared/domain/forgotten.ts': 'export const forgotten = 1;\n',
  // not-to-dev-dep: shipped code importing a devDependency (a dependency is fine).
  'shared/config/dev.ts': "import { dev } from 'planted-dev';\nimport { prod } from 'planted-prod';\nexport const both = dev + prod;\n",
  'shared/config/uses.ts': "import { both } from './dev';\nexport const uses = both;\n",
  // cli-talks-http-only: the CLI running a domain rule in-process (naming a port type is fine).
  'tools/cli/command.ts': "import { domainRule } from '../../shared/domain/rule';\nimport type { PortView } from '../../shared/ports/port';\nexport const command = (v: PortView) => domainRule() + v.id;\n",
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

let dir: string;
let violations: Violation[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rules-'));
  for (const [path, text] of Object.entries(PLANTED)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const cli = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const out = spawnSync(process.execPath, [cli, 'functions', 'shared', 'tools', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
  });
  if (out.stdout.trim() === '') throw new Error(`dependency-cruiser printed nothing: ${out.stderr}`);
  violations = (JSON.parse(out.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const named = (rule: string) => violations.filter((v) => v.rule.name === rule).map((v) => (v.to === '' || v.to === v.from ? v.from : `${v.from} → ${v.to}`)).sort();

describe('dependency rules on a planted tree', () => {
  it.each([
    ['activities-know-no-callers', ['functions/activities/activity.ts → functions/triggers/tag.ts']],
    ['triggers-start-not-run', ['functions/triggers/trigger.ts → functions/activities/activity.ts']],
    ['durable-helpers-are-leaves', ['functions/durable/kernel.ts → functions/contracts/feature.ts']],
    [
      'contracts-are-declarations',
      ['functions/contracts/feature.ts → functions/orchestrators/notify.ts', 'functions/contracts/feature.ts → shared/domain/rule.ts'],
    ],
    ['functions-root-is-entry-only', ['functions/orchestrators/run.ts → functions/loose.ts']],
    [
      'orchestrators-stay-deterministic',
      [
        'functions/durable/kernel.ts → shared/ports/port.ts',
        'functions/orchestrators/run.ts → functions/loose.ts',
        'functions/orchestrators/run.ts → shared/adapters/adapter.ts',
      ],
    ],
    ['domain-is-pure', ['shared/domain/rule.ts → fs']],
    ['no-orphans', ['shared/domain/forgotten.ts']],
    ['cli-talks-http-only', ['tools/cli/command.ts → shared/domain/rule.ts']],
  ])('%s names exactly the planted violations', (rule, expected) => {
    expect(named(rule)).toEqual(expected);
  });

  it('not-to-dev-dep names the devDependency shipped code imports, not the dependency', () => {
    const found = named('not-to-dev-dep');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^shared\/config\/dev\.ts → .*node_modules\/planted-dev\/index\.js$/);
  });

  it('lets through what the rules allow: node:crypto in the domain, port types in contracts, the entry alone at the root', () => {
    const all = violations.map((v) => `${v.from} → ${v.to}`);
    expect(all.filter((v) => v.includes('crypto'))).toEqual([]);
    expect(violations.filter((v) => v.from === 'functions/contracts/feature.ts' && v.to === 'shared/ports/port.ts')).toEqual([]);
    expect(violations.filter((v) => v.from === 'functions/index.ts' || v.to === 'functions/index.ts')).toEqual([]);
  });
});

describe('the determinism lint on every replay-side folder', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const planted = 'export function* step(): Generator<number, number, unknown> {\n  yield 1;\n  return Date.now();\n}\n';

  async function messagesFor(path: string): Promise<string[]> {
    const [result] = await eslint.lintText(planted, { filePath: join(ROOT, path) });
    return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
  }

  it.each(['functions/orchestrators/planted.ts', 'functions/orchestrators/notify/planted.ts', 'functions/durable/planted.ts', 'functions/contracts/planted.ts'])(
    'flags Date.now() in %s',
    async (path) => {
      expect(await messagesFor(path)).toContain('no-restricted-syntax: Use context.df.currentUtcDateTime.');
    },
  );

  it('leaves host-side code alone (an activity may read the clock)', async () => {
    expect(await messagesFor('functions/activities/planted.ts')).toEqual([]);
  });
});

describe('the Azure SDKs load on first use', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const messagesFor = async (text: string, path: string): Promise<string[]> => {
    const [result] = await eslint.lintText(text, { filePath: join(ROOT, path) });
    return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
  };
  const valueImport = "import { ComputeManagementClient } from '@azure/arm-compute';\nexport const make = ComputeManagementClient;\n";

  it.each(['shared/adapters/azure/planted.ts', 'functions/composition/planted.ts', 'functions/activities/planted.ts'])('flags a value import of an SDK in %s', async (path) => {
    expect((await messagesFor(valueImport, path)).join('\n')).toContain('Load Azure SDKs on first use through azureSdk.ts.');
  });

  it('lets type imports through', async () => {
    const typeImport = "import type { ComputeManagementClient } from '@azure/arm-compute';\nexport type Client = ComputeManagementClient;\n";
    expect(await messagesFor(typeImport, 'shared/adapters/azure/planted.ts')).toEqual([]);
  });
});
