/**
 * docs/deploy.md must stay true to the Bicep it drives: the parameters its commands and tables name exist, and
 * its camelCase placeholders (`<functionAppName>`) are outputs of the infrastructure deployment — the guide's
 * convention; kebab-case placeholders are values the reader chooses.
 */
import type { SourceFile } from './sourceFile';

export interface TemplateInterface {
  path: string;
  parameters: ReadonlySet<string>;
}

/** Shell commands in fenced code blocks, continuation lines joined. */
function commands(guide: SourceFile): string[] {
  const blocks = [...guide.text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks.flatMap((block) => block.replace(/\\\n/g, ' ').split('\n').filter((line) => line.trim() !== ''));
}

/** `--parameters key=value …` of every command deploying `--template-file <path>` must name parameters of that template. */
export function commandParameterProblems(guide: SourceFile, templates: readonly TemplateInterface[]): string[] {
  return commands(guide).flatMap((command) => {
    const templatePath = /--template-file\s+(\S+)/.exec(command)?.[1];
    if (templatePath === undefined) return [];
    const template = templates.find((t) => t.path === templatePath);
    if (template === undefined) return [`${guide.path}: a command deploys ${templatePath}, which is not a known template`];
    const parameters = /--parameters\s+(.*)$/.exec(command)?.[1] ?? '';
    return [...parameters.matchAll(/(?:^|\s|\[)([A-Za-z][A-Za-z0-9]*)=/g)]
      .map((m) => m[1] ?? '')
      .filter((name) => !template.parameters.has(name))
      .map((name) => `${guide.path}: '${name}' is not a parameter of ${templatePath}`);
  });
}

/** Backticked names in the first column of the table headed `| Parameter |` must be parameters of the template. */
export function parameterTableProblems(guide: SourceFile, template: TemplateInterface): string[] {
  const lines = guide.text.split('\n');
  const header = lines.findIndex((line) => /^\|\s*Parameter\s*\|/.test(line));
  if (header === -1) return [`${guide.path}: no parameter table`];
  const rows: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  const names = rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([A-Za-z][A-Za-z0-9]*)`/g)].map((m) => m[1] ?? ''));
  if (names.length === 0) return [`${guide.path}: the parameter table names no parameter`];
  return names.filter((name) => !template.parameters.has(name)).map((name) => `${guide.path}: table names '${name}', not a parameter of ${template.path}`);
}

export function placeholderProblems(guide: SourceFile, outputs: ReadonlySet<string>, outputsOf: string): string[] {
  const placeholders = new Set([...guide.text.matchAll(/<([a-z][a-zA-Z0-9]*)>/g)].map((m) => m[1] ?? ''));
  return [...placeholders].filter((name) => !outputs.has(name)).map((name) => `${guide.path}: <${name}> is not an output of ${outputsOf}`);
}
