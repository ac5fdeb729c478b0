/**
 * The GitHub Actions workflows are examples people copy, so they must run what the README promises: CI runs the
 * README's test command, the deploy packages with the README's package command, signs in with OIDC (no stored
 * secret) and every npm script a step calls exists.
 */
import { z } from 'zod';

const step = z.object({ name: z.string().optional(), run: z.string().optional(), uses: z.string().optional(), with: z.record(z.string(), z.unknown()).optional() });
const job = z.object({
  'runs-on': z.string().optional(),
  uses: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  permissions: z.record(z.string(), z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  steps: z.array(step).optional(),
});
export const workflowSchema = z.object({ name: z.string(), on: z.unknown(), permissions: z.record(z.string(), z.string()).optional(), jobs: z.record(z.string(), job) });
export type Workflow = z.infer<typeof workflowSchema>;
export type Job = z.infer<typeof job>;

/** The commands of the README's Quick start block: one per `&&`, trailing comments dropped. */
export function quickStartCommands(readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Quick start'));
  const block = section === undefined ? undefined : /```[a-z]*\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('README.md has no Quick start code block');
  return block
    .split('\n')
    .map((line) => line.replace(/\s#.*$/, ''))
    .flatMap((line) => line.split('&&'))
    .map((command) => command.trim())
    .filter((command) => command !== '');
}

/** The package.json script an npm command runs (`npm test` → test, `npm run package -- …` → package). */
export function npmScript(command: string): string | undefined {
  const match = /^npm\s+(?:run(?:-script)?\s+([\w:.-]+)|(test|t|start|stop|restart))\b/.exec(command.trim());
  if (match === null) return undefined;
  const short = match[2];
  return match[1] ?? (short === 't' ? 'test' : short);
}

/** Each command of a job's `run` steps (lines and `&&` chains; continuations joined). */
export function runCommands(job: Job): string[] {
  return (job.steps ?? []).flatMap((s) =>
    (s.run ?? '')
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .flatMap((line) => line.split('&&'))
      .map((command) => command.trim())
      .filter((command) => command !== ''),
  );
}

export function structureProblems(path: string, workflow: Workflow): string[] {
  return Object.entries(workflow.jobs).flatMap(([name, j]) => {
    if (j.uses !== undefined) return j.steps === undefined ? [] : [`${path}: job ${name} calls a workflow and has steps`];
    const problems = j['runs-on'] === undefined ? [`${path}: job ${name} has no runs-on`] : [];
    if ((j.steps ?? []).length === 0) problems.push(`${path}: job ${name} has no steps`);
    (j.steps ?? []).forEach((s, i) => {
      if ((s.run === undefined) === (s.uses === undefined)) problems.push(`${path}: job ${name} step ${i + 1} needs exactly one of run and uses`);
    });
    return problems;
  });
}

/** npm scripts a workflow calls that package.json does not define. */
export function unknownScripts(path: string, workflow: Workflow, scripts: ReadonlySet<string>): string[] {
  return Object.values(workflow.jobs)
    .flatMap(runCommands)
    .flatMap((command) => {
      const script = npmScript(command);
      return script !== undefined && !scripts.has(script) ? [`${path}: '${command}' runs npm script '${script}', which package.json does not define`] : [];
    });
}

/** Jobs with an azure/login step: it must use OIDC (client/tenant/subscription IDs, no creds) with id-token: write. */
export function oidcProblems(path: string, workflow: Workflow): string[] {
  const logins = Object.entries(workflow.jobs).flatMap(([name, j]) => (j.steps ?? []).filter((s) => /^azure\/login@/i.test(s.uses ?? '')).map((s) => ({ name, j, s })));
  if (logins.length === 0) return [`${path}: no azure/login step`];
  return logins.flatMap(({ name, j, s }) => {
    const problems: string[] = [];
    const permissions = j.permissions ?? workflow.permissions ?? {};
    if (permissions['id-token'] !== 'write') problems.push(`${path}: job ${name} signs in without permissions id-token: write`);
    for (const key of ['client-id', 'tenant-id', 'subscription-id']) if (s.with?.[key] === undefined) problems.push(`${path}: job ${name}'s azure/login has no ${key}`);
    if (s.with?.creds !== undefined) problems.push(`${path}: job ${name}'s azure/login uses stored credentials (creds)`);
    return problems;
  });
}

/** A workflow's text refers to no secret: every value is a variable (vars.*) or an OIDC token. */
export function secretReferences(path: string, text: string): string[] {
  return [...text.matchAll(/\$\{\{\s*secrets\.([A-Za-z0-9_]+)/g)].map((m) => `${path}: reads secrets.${m[1] ?? ''}`);
}

/** Jobs `name` waits for, directly or through other jobs. */
export function transitiveNeeds(workflow: Workflow, name: string): Set<string> {
  const seen = new Set<string>();
  const visit = (job: string): void => {
    const needs = workflow.jobs[job]?.needs;
    for (const need of needs === undefined ? [] : typeof needs === 'string' ? [needs] : needs) {
      if (seen.has(need)) continue;
      seen.add(need);
      visit(need);
    }
  };
  visit(name);
  return seen;
}
