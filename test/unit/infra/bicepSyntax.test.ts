import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bicepAppSettings } from './checks/bicepAppSettings';
import { moduleOutputProblems } from './checks/bicepOutputs';
import { moduleParameterProblems, parameterFileProblems } from './checks/bicepParameters';
import { callsOf, objectProperties, parseBicep, parseBicepParam, resourceDeclarations, stringValue, syntaxErrors, variableDeclarations } from './checks/bicepTree';
import { readEventSubscriptions } from './checks/eventGridSubscription';
import { resourcePropertyValues } from './checks/resourceProperties';
import { assignTargetsHandled, roleFilesReferenced } from './checks/roleReferences';
import { wildcardActionsInBicep } from './checks/wildcardActions';
import { bicepFiles, listRepoFiles, readRepoFile, REPO_ROOT, ROLES_DIR } from './infraFiles';

const file = (text: string, path = 'x.bicep') => ({ path, text });
const strings = (text: string) =>
  parseBicep(file(text))
    .descendantsOfType('string')
    .filter((s) => s.parent?.type === 'variable_declaration')
    .map((s) => stringValue(s));

describe('every Bicep file parses with the tree-sitter-bicep grammar', () => {
  it.each(listRepoFiles('infra', ['.bicep', '.bicepparam']))('%s has no ERROR or MISSING node', (path) => {
    expect(syntaxErrors(readRepoFile(path))).toEqual([]);
    if (path.endsWith('.bicepparam')) expect(parseBicepParam(readRepoFile(path)).parameters.length).toBeGreaterThan(0);
  });
});

describe('the Bicep reader the infra checks rely on', () => {
  it('unescapes plain strings and marks interpolated ones, even with quotes nested in the holes', () => {
    expect(strings("var a = 'it\\'s'\nvar b = 'x-${take('y', 3)}-${c}'\nvar d = '''multi\n'line'''")).toEqual(["it's", undefined, "multi\n'line"]);
  });

  it('ignores line and block comments, including quotes and braces inside them', () => {
    const object = variableDeclarations(parseBicep(file("var a = { // it's { not code\n  /* 'neither' } */ k: 'v'\n}"))).get('a');
    if (object === undefined) throw new Error('no var a');
    expect(objectProperties(object).map((p) => [p.key, stringValue(p.value)])).toEqual([['k', 'v']]);
  });

  it('reads object keys past nested values, multi-line ternaries and child resources', () => {
    const source = [
      'var o = {',
      "  plain: 'x'",
      "  'quoted-key': [\n    1\n  ]",
      '  ternary: flag',
      '    ? { inner: 1 }',
      '    : null',
      "  resource child 'subnets' existing = {\n    name: 'c'\n  }",
      '  last: union(a, { b: 2 })',
      '}',
    ].join('\n');
    const object = variableDeclarations(parseBicep(file(source))).get('o');
    if (object === undefined) throw new Error('no var o');
    expect(objectProperties(object).map((p) => p.key)).toEqual(['plain', 'quoted-key', 'ternary', 'last']);
  });

  it('finds resources declared plainly, conditionally, as existing, in loops and as children', () => {
    const source = [
      "resource a 'A/b@1' = {\n  resource kid 'k' = {\n  }\n}",
      "resource c 'C/d@1' existing = {\n}",
      "resource e 'E/f@1' = if (contains(x, 'y')) {\n}",
      "resource g 'G/h@1' = [for i in filter(xs, x => x.k == 'v'): {\n}]",
    ].join('\n');
    const found = resourceDeclarations(parseBicep(file(source)));
    expect(found.map((r) => `${r.symbol} ${r.type}${r.existing ? ' existing' : ''} ${r.body?.type ?? 'no body'}`)).toEqual([
      'a A/b@1 object',
      'kid k object',
      'c C/d@1 existing object',
      'e E/f@1 object',
      'g G/h@1 object',
    ]);
  });

  it('reads calls wherever they sit, the first item of a multi-line array included', () => {
    const root = parseBicep(file("var a = [\n  load('a.json')\n  load('b.json')\n]\nvar b = [\n  load\n  ('c.json')\n]\nvar c = union(load('d.json'), {})"));
    expect(callsOf(root, 'load').map((args) => args.map((a) => stringValue(a)))).toEqual([['b.json'], ['d.json'], ['a.json']]);
  });

  it('reads a .bicepparam file: its using path and its parameters, not its vars', () => {
    const parsed = parseBicepParam(file("using 'main.bicep'\n\nparam a = 'x'\nvar b = 2\n  param c = [\n  'y'\n]\n", 'p.bicepparam'));
    expect(parsed.using).toBe('main.bicep');
    expect(parsed.parameters.map((p) => [p.name, p.value.type])).toEqual([
      ['a', 'string'],
      ['c', 'array'],
    ]);
  });

  it.each([
    ['an unterminated string', "var a = 'open\nvar b = 1"],
    ['an unbalanced brace', 'var o = {\n  a: 1\n'],
    ['an object entry without a key', 'var o = {\n  : 1\n}'],
    ['a resource without a body', "resource r 'A/b@1' =\n"],
  ])('refuses %s rather than guessing', (_name, source) => {
    expect(syntaxErrors(file(source))).not.toEqual([]);
    expect(() => parseBicep(file(source))).toThrow(/x\.bicep:\d+:\d+: (unexpected|missing)/);
  });
});

describe('a planted syntax error fails every infra check', () => {
  const copy = mkdtempSync(join(tmpdir(), 'infra-syntax-'));
  cpSync(resolve(REPO_ROOT, 'infra'), join(copy, 'infra'), { recursive: true });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  /** A brace dropped from the function app's module call in main.bicep, and a stray `=` in eventgrid.bicep. */
  function plant(path: string, from: string, to: string): void {
    const target = join(copy, path);
    const text = readFileSync(target, 'utf8');
    if (!text.includes(from)) throw new Error(`mutation did not apply: ${from}`);
    writeFileSync(target, text.replace(from, to));
  }
  plant('infra/main.bicep', "module functionApp 'modules/function-app.bicep' = {", "module functionApp 'modules/function-app.bicep' =");
  plant('infra/eventgrid.bicep', 'properties: {\n    publicAccess', 'properties: = {\n    publicAccess');
  plant('infra/example.bicepparam', "param galleryName = 'contoso_images'", "param galleryName = 'contoso_images");
  const files = bicepFiles(copy);
  const main = readRepoFile('infra/main.bicep', copy);

  it.each([
    ['app settings', () => bicepAppSettings(files)],
    ['module parameters', () => moduleParameterProblems(files)],
    ['module outputs', () => moduleOutputProblems(files)],
    ['role files', () => roleFilesReferenced([], files, ROLES_DIR)],
    ['role targets', () => assignTargetsHandled([], main, [])],
    ['wildcard actions', () => wildcardActionsInBicep(main)],
    ['pinned design choices', () => resourcePropertyValues(main, 'Microsoft.Resources/resourceGroups@', ['location'])],
    ['the Event Grid subscription', () => readEventSubscriptions(readRepoFile('infra/eventgrid.bicep', copy))],
    ['the parameter file', () => parameterFileProblems(readRepoFile('infra/main.bicep'), readRepoFile('infra/example.bicepparam', copy))],
  ])('%s', (_name, check) => {
    expect(check).toThrow(/Bicep syntax errors:\ninfra\/(main|eventgrid|example)\.bicep(param)?:\d+:\d+/);
  });
});
