import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { parameterFileVariables } from '../infra/checks/azdProject';
import { REPO_ROOT } from '../infra/infraFiles';
import {
  npmScript,
  oidcProblems,
  quickStartCommands,
  runCommands,
  secretReferences,
  structureProblems,
  transitiveNeeds,
  unknownScripts,
  workflowSchema,
  type Workflow,
} from './workflowChecks';

const CI = '.github/workflows/ci.yml';
const DEPLOY = '.github/workflows/deploy.yml';
const read = (path: string) => readFileSync(resolve(REPO_ROOT, path), 'utf8');
const workflow = (path: string, text = read(path)): Workflow => workflowSchema.parse(parse(text));
const scripts = () => new Set(Object.keys(z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(read('package.json'))).scripts));

/** The README's quick-start command that runs `script` (found by what it runs, not by its spelling). */
function readmeCommand(script: string): string {
  const found = quickStartCommands(read('README.md')).filter((c) => npmScript(c) === script);
  expect(found, `README quick start commands running '${script}'`).toHaveLength(1);
  return found[0] ?? '';
}

function jobsRunning(w: Workflow, matches: (command: string) => boolean): string[] {
  return Object.entries(w.jobs).flatMap(([name, j]) => (runCommands(j).some(matches) ? [name] : []));
}

describe('the pipeline examples', () => {
  it.each([CI, DEPLOY])('%s is valid YAML with well-formed jobs, calls only npm scripts package.json defines and reads no secret', (path) => {
    const w = workflow(path);
    expect(structureProblems(path, w)).toEqual([]);
    expect(unknownScripts(path, w, scripts())).toEqual([]);
    expect(secretReferences(path, read(path))).toEqual([]);
  });

  it("CI runs the README's test command", () => {
    const test = readmeCommand('test');
    expect(jobsRunning(workflow(CI), (c) => c === test)).not.toEqual([]);
  });

  it("deploy packages with the README's package command after CI passed, then deploys that zip with OIDC", () => {
    const w = workflow(DEPLOY);
    const packageCommand = readmeCommand('package');
    const packagers = jobsRunning(w, (c) => c === packageCommand || c.startsWith(`${packageCommand} -- `));
    expect(packagers).toHaveLength(1);
    const ciJobs = Object.entries(w.jobs).flatMap(([name, j]) => (j.uses === `./${CI}` ? [name] : []));
    expect(ciJobs).toHaveLength(1);
    const deployers = Object.entries(w.jobs).flatMap(([name, j]) => ((j.steps ?? []).some((s) => /^azure\/login@/i.test(s.uses ?? '')) ? [name] : []));
    expect(deployers).toHaveLength(1);
    const needs = transitiveNeeds(w, deployers[0] ?? '');
    expect([...needs].sort()).toEqual([ciJobs[0], packagers[0]].sort());
    expect(oidcProblems(DEPLOY, w)).toEqual([]);
    const commands = runCommands(w.jobs[deployers[0] ?? ''] ?? {});
    expect(commands.some((c) => c.includes('--src .package/app.zip'))).toBe(true);
    // docs/deploy.md's first step: the compiler checks what the offline tests can only parse.
    const compile = commands.findIndex((c) => c.startsWith('az bicep build --file infra/main.bicep'));
    expect(compile).toBeGreaterThanOrEqual(0);
    expect(compile).toBeLessThan(commands.indexOf('azd provision --no-prompt'));
  });

  it("the deploy job's environment gives every value main.parameters.json needs", () => {
    const w = workflow(DEPLOY);
    const deploy = Object.values(w.jobs).find((j) => (j.steps ?? []).some((s) => /^azure\/login@/i.test(s.uses ?? '')));
    const needed = parameterFileVariables(read('infra/main.parameters.json')).filter((v) => !v.hasDefault).map((v) => v.name);
    expect(needed.length).toBeGreaterThan(0);
    expect(needed.filter((name) => deploy?.env?.[name] === undefined)).toEqual([]);
  });

  it.each([
    ['a step with both run and uses', CI, (t: string) => t.replace('      - name: Test\n        run: npm test', '      - name: Test\n        uses: actions/checkout@v4\n        run: npm test'), (path: string, w: Workflow) => structureProblems(path, w), /needs exactly one of run and uses/],
    ['a script package.json lacks', CI, (t: string) => t.replace('run: npm test', 'run: npm run tests'), (path: string, w: Workflow) => unknownScripts(path, w, scripts()), /npm script 'tests'/],
    ['stored credentials', DEPLOY, (t: string) => t.replace('          client-id: ${{ vars.AZURE_CLIENT_ID }}', '          creds: ${{ vars.AZURE_CREDENTIALS }}'), (path: string, w: Workflow) => oidcProblems(path, w), /no client-id|uses stored credentials/],
    ['no id-token permission', DEPLOY, (t: string) => t.replace('      id-token: write\n', ''), (path: string, w: Workflow) => oidcProblems(path, w), /without permissions id-token: write/],
  ])('catches %s', (_name, path, change, check, expected) => {
    const text = read(path);
    const changed = change(text);
    expect(changed).not.toBe(text);
    const problems = check(path, workflow(path, changed));
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });

  it('catches a secret, a CI without the test command and a README without a quick start', () => {
    expect(secretReferences(DEPLOY, 'client-id: ${{ secrets.AZURE_CLIENT_ID }}')).toEqual([`${DEPLOY}: reads secrets.AZURE_CLIENT_ID`]);
    const ci = workflow(CI, read(CI).replace('run: npm test', 'run: npm run lint'));
    expect(jobsRunning(ci, (c) => c === readmeCommand('test'))).toEqual([]);
    expect(() => quickStartCommands('# Title\n\n## Usage\n')).toThrow(/no Quick start/);
  });

  it.each([
    ['npm test', 'test'],
    ['npm t', 'test'],
    ['npm run package -- --catalog x.yaml', 'package'],
    ['npm run-script build:app', 'build:app'],
    ['npm ci --no-audit', undefined],
    ['npx vitest run', undefined],
  ])('%s runs script %s', (command, script) => {
    expect(npmScript(command)).toBe(script);
  });
});
