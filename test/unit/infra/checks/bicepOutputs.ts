/** A module output read by its caller (`sym.outputs.x`, `sym!.outputs.x`, `sym[i].outputs.x`) must be declared by the module. */
import { posix } from 'node:path';
import { moduleDeclarations, outputNames, parseBicep, type Node } from './bicepTree';
import type { SourceFile } from './sourceFile';

export function moduleOutputProblems(files: readonly SourceFile[]): string[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  return files.flatMap((file) => {
    const root = parseBicep(file);
    const modulePaths = new Map(moduleDeclarations(root).map((m) => [m.symbol, posix.normalize(posix.join(posix.dirname(file.path), m.type))]));
    return outputReads(root).flatMap(({ symbol, output }) => {
      const path = modulePaths.get(symbol);
      const module = path === undefined ? undefined : byPath.get(path);
      if (path === undefined || module === undefined) return [];
      return outputNames(parseBicep(module)).has(output) ? [] : [`${file.path}: ${symbol}.outputs.${output} is not an output of ${path}`];
    });
  });
}

/** `<symbol>.outputs.<name>`: a member access on a member access named `outputs`. */
function outputReads(root: Node): { symbol: string; output: string }[] {
  return root.descendantsOfType('member_expression').flatMap((read) => {
    const outputs = read.childForFieldName('object');
    const output = read.childForFieldName('property');
    if (outputs?.type !== 'member_expression' || outputs.childForFieldName('property')?.text !== 'outputs' || output === null) return [];
    let symbol = outputs.childForFieldName('object');
    if (symbol?.type === 'subscript_expression') symbol = symbol.childForFieldName('object');
    return symbol?.type === 'identifier' ? [{ symbol: symbol.text, output: output.text }] : [];
  });
}
