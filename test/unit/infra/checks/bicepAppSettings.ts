/**
 * Reads every app setting name a set of Bicep files gives the Function App. Settings must be written through the
 * `Microsoft.Web/sites/config` resource named `appsettings`, whose `properties` is an object literal, a variable
 * holding one, or `union(…)` of those: anything else is reported, so a setting can never hide from the check.
 */
import { tokenize, type Token } from './bicepTokens';
import { closingIndex, entry, firstToken, objectEntries, resourceDeclarations, variableDeclarations, type Span } from './bicepStructure';
import type { SourceFile } from './sourceFile';

export interface BicepAppSettings {
  names: string[];
  problems: string[];
}

export function bicepAppSettings(files: readonly SourceFile[]): BicepAppSettings {
  const names: string[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const tokens = tokenize(file.text);
    const variables = new Map(variableDeclarations(tokens).map((v) => [v.name, v.value]));
    for (const resource of resourceDeclarations(tokens)) {
      if (resource.type.startsWith('Microsoft.Web/sites@')) problems.push(...inlineAppSettings(file, tokens, resource.bodyOpen));
      if (!resource.type.startsWith('Microsoft.Web/sites/config@')) continue;
      const name = entry(tokens, resource.bodyOpen, 'name');
      const nameToken = name === undefined ? undefined : tokens[firstToken(tokens, name.value) ?? -1];
      if (nameToken?.value !== 'appsettings') continue;
      const properties = entry(tokens, resource.bodyOpen, 'properties');
      if (properties === undefined) {
        problems.push(`${file.path}: ${resource.symbol} has no properties`);
        continue;
      }
      const read = settingKeys(tokens, properties.value, variables, `${file.path}: ${resource.symbol}.properties`);
      names.push(...read.names);
      problems.push(...read.problems);
    }
  }
  return { names, problems };
}

/** `siteConfig.appSettings` would be a second, unchecked place for settings. */
function inlineAppSettings(file: SourceFile, tokens: readonly Token[], bodyOpen: number): string[] {
  const properties = entry(tokens, bodyOpen, 'properties');
  const propertiesOpen = properties === undefined ? undefined : firstToken(tokens, properties.value);
  if (propertiesOpen === undefined || tokens[propertiesOpen]?.text !== '{') return [];
  const siteConfig = entry(tokens, propertiesOpen, 'siteConfig');
  const siteConfigOpen = siteConfig === undefined ? undefined : firstToken(tokens, siteConfig.value);
  if (siteConfigOpen === undefined || tokens[siteConfigOpen]?.text !== '{') return [];
  return entry(tokens, siteConfigOpen, 'appSettings') === undefined
    ? []
    : [`${file.path}: siteConfig.appSettings is not read by the checks; use the 'appsettings' config resource`];
}

function settingKeys(tokens: readonly Token[], span: Span, variables: ReadonlyMap<string, Span>, where: string): BicepAppSettings {
  const start = firstToken(tokens, span);
  const first = start === undefined ? undefined : tokens[start];
  if (start === undefined || first === undefined) return { names: [], problems: [`${where}: empty value`] };
  if (first.text === '{') return { names: objectEntries(tokens, start).map((e) => e.key), problems: [] };
  if (first.kind === 'identifier' && first.text === 'union' && tokens[start + 1]?.text === '(') {
    const close = closingIndex(tokens, start + 1);
    return combine(argumentSpans(tokens, start + 1, close).map((arg) => settingKeys(tokens, arg, variables, where)));
  }
  const variable = first.kind === 'identifier' && start === lastToken(tokens, span) ? variables.get(first.text) : undefined;
  if (variable !== undefined) return settingKeys(tokens, variable, variables, `${where} → ${first.text}`);
  return { names: [], problems: [`${where}: cannot read setting names from '${first.text}…' (use an object literal, a var, or union of those)`] };
}

function lastToken(tokens: readonly Token[], span: Span): number {
  let i = span.end - 1;
  while (i > span.start && tokens[i]?.kind === 'newline') i -= 1;
  return i;
}

/** Arguments of the call whose `(` is at `open`, split at top-level commas and newlines. */
function argumentSpans(tokens: readonly Token[], open: number, close: number): Span[] {
  const spans: Span[] = [];
  let start = open + 1;
  for (let i = open + 1; i < close; i += 1) {
    const text = tokens[i]?.text ?? '';
    if (text === '{' || text === '[' || text === '(') {
      i = closingIndex(tokens, i);
      continue;
    }
    if (text === ',' || tokens[i]?.kind === 'newline') {
      if (firstToken(tokens, { start, end: i }) !== undefined) spans.push({ start, end: i });
      start = i + 1;
    }
  }
  if (firstToken(tokens, { start, end: close }) !== undefined) spans.push({ start, end: close });
  return spans;
}

function combine(parts: readonly BicepAppSettings[]): BicepAppSettings {
  return { names: parts.flatMap((p) => p.names), problems: parts.flatMap((p) => p.problems) };
}
