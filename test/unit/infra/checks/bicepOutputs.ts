/** A module output read by its caller (`sym.outputs.x`, `sym!.outputs.x`) must be declared by the module. */
import { posix } from 'node:path';
import { tokenize, type Token } from './bicepTokens';
import { moduleDeclarations } from './bicepStructure';
import type { SourceFile } from './sourceFile';

export function moduleOutputProblems(files: readonly SourceFile[]): string[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  return files.flatMap((file) => {
    const tokens = tokenize(file.text);
    const modulePaths = new Map(
      moduleDeclarations(tokens).map((m) => [m.symbol, posix.normalize(posix.join(posix.dirname(file.path), m.type))]),
    );
    return outputReads(tokens).flatMap(({ symbol, output }) => {
      const path = modulePaths.get(symbol);
      const module = path === undefined ? undefined : byPath.get(path);
      if (path === undefined || module === undefined) return [];
      return declaredOutputs(module).has(output) ? [] : [`${file.path}: ${symbol}.outputs.${output} is not an output of ${path}`];
    });
  });
}

function outputReads(tokens: readonly Token[]): { symbol: string; output: string }[] {
  return tokens.flatMap((token, i) => {
    if (token.text !== 'outputs' || tokens[i - 1]?.text !== '.') return [];
    const bang = tokens[i - 2]?.text === '!' ? 1 : 0;
    const symbol = tokens[i - 2 - bang];
    const output = tokens[i + 2];
    if (symbol?.kind !== 'identifier' || tokens[i + 1]?.text !== '.' || output?.kind !== 'identifier') return [];
    return [{ symbol: symbol.text, output: output.text }];
  });
}

function declaredOutputs(module: SourceFile): Set<string> {
  const tokens = tokenize(module.text);
  return new Set(
    tokens.flatMap((token, i) =>
      token.text === 'output' && (i === 0 || tokens[i - 1]?.kind === 'newline') && tokens[i + 1]?.kind === 'identifier' ? [tokens[i + 1]?.text ?? ''] : [],
    ),
  );
}
