import { describe, expect, it } from 'vitest';
import { tokenize } from './checks/bicepTokens';
import { objectEntries, resourceDeclarations, variableDeclarations } from './checks/bicepStructure';

const strings = (source: string) => tokenize(source).filter((t) => t.kind === 'string').map((t) => t.value);

describe('the Bicep reader the infra checks rely on', () => {
  it('unescapes plain strings and marks interpolated ones, even with quotes nested in the holes', () => {
    expect(strings("var a = 'it\\'s'\nvar b = 'x-${take('y', 3)}-${c}'\nvar d = '''multi\n'line'''")).toEqual(["it's", undefined, "multi\n'line"]);
  });

  it('drops line and block comments, including quotes and braces inside them', () => {
    const tokens = tokenize("var a = { // it's { not code\n  /* 'neither' } */ k: 'v'\n}");
    expect(tokens.filter((t) => t.kind !== 'newline').map((t) => t.text)).toEqual(['var', 'a', '=', '{', 'k', ':', "'v'", '}']);
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
    const tokens = tokenize(source);
    const [variable] = variableDeclarations(tokens);
    expect(variable?.name).toBe('o');
    const open = tokens.findIndex((t) => t.text === '{');
    expect(objectEntries(tokens, open).map((e) => e.key)).toEqual(['plain', 'quoted-key', 'ternary', 'last']);
  });

  it('finds resources declared plainly, conditionally, as existing and in loops', () => {
    const source = [
      "resource a 'A/b@1' = {\n}",
      "resource c 'C/d@1' existing = {\n}",
      "resource e 'E/f@1' = if (contains(x, 'y')) {\n}",
      "resource g 'G/h@1' = [for i in filter(xs, x => x.k == 'v'): {\n}]",
    ].join('\n');
    expect(resourceDeclarations(tokenize(source)).map((r) => `${r.symbol} ${r.type}${r.existing ? ' existing' : ''}`)).toEqual([
      'a A/b@1',
      'c C/d@1 existing',
      'e E/f@1',
      'g G/h@1',
    ]);
  });

  it('refuses what it cannot read rather than guessing', () => {
    expect(() => tokenize("var a = 'open")).toThrow(/unterminated string/);
    const tokens = tokenize('var o = {\n  = 1\n}');
    expect(() => objectEntries(tokens, tokens.findIndex((t) => t.text === '{'))).toThrow(/cannot read object entry/);
  });
});
