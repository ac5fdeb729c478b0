import { describe, expect, it } from 'vitest';
import { outputNames, parameterDeclarations, parseBicep } from './checks/bicepTree';
import { commandParameterProblems, parameterTableProblems, placeholderProblems, type TemplateInterface } from './checks/deployGuide';
import type { SourceFile } from './checks/sourceFile';
import { readRepoFile } from './infraFiles';

const GUIDE = 'docs/deploy.md';
const MAIN = 'infra/main.bicep';

function templateInterface(path: string): TemplateInterface {
  return { path, parameters: new Set(parameterDeclarations(parseBicep(readRepoFile(path))).map((p) => p.name)) };
}

function outputsOf(path: string): Set<string> {
  return outputNames(parseBicep(readRepoFile(path)));
}

const templates = () => [templateInterface(MAIN), templateInterface('infra/eventgrid.bicep')];

function guideWith(from: string, to: string): SourceFile {
  const guide = readRepoFile(GUIDE);
  if (!guide.text.includes(from)) throw new Error(`mutation did not apply: ${from}`);
  return { ...guide, text: guide.text.replace(from, to) };
}

describe('docs/deploy.md matches the Bicep', () => {
  it('its commands pass only real parameters to the templates they deploy', () => {
    expect(commandParameterProblems(readRepoFile(GUIDE), templates())).toEqual([]);
  });

  it('its parameter table names parameters of main.bicep', () => {
    expect(parameterTableProblems(readRepoFile(GUIDE), templateInterface(MAIN))).toEqual([]);
  });

  it('its camelCase placeholders are outputs of main.bicep', () => {
    expect(placeholderProblems(readRepoFile(GUIDE), outputsOf(MAIN), MAIN)).toEqual([]);
  });

  it('catches a renamed command parameter, table entry and placeholder', () => {
    expect(commandParameterProblems(guideWith('useExistingSystemTopic=true', 'reuseSystemTopic=true'), templates())).toEqual([
      "docs/deploy.md: 'reuseSystemTopic' is not a parameter of infra/eventgrid.bicep",
    ]);
    expect(parameterTableProblems(guideWith('| `catalogPath` |', '| `catalogFile` |'), templateInterface(MAIN))).toEqual([
      "docs/deploy.md: table names 'catalogFile', not a parameter of infra/main.bicep",
    ]);
    expect(placeholderProblems(guideWith('--name <functionAppName> --src', '--name <functionApp> --src'), outputsOf(MAIN), MAIN)).toEqual([
      'docs/deploy.md: <functionApp> is not an output of infra/main.bicep',
    ]);
  });
});
