/**
 * Reads one property of a declared resource by path (`properties.allowSharedKeyAccess`), so tests can pin the
 * settings the design depends on (keyless access, runtime, schema) without a compiler.
 */
import { tokenize } from './bicepTokens';
import { entry, firstToken, resourceDeclarations, type ObjectEntry } from './bicepStructure';
import type { SourceFile } from './sourceFile';

/**
 * The literal value at `path` in every deployed (not `existing`) resource whose type starts with `typePrefix`: a plain string's
 * value, or the source text of an identifier/number (`false`, `2048`); undefined where the path is missing or the
 * value is an expression.
 */
export function resourcePropertyValues(file: SourceFile, typePrefix: string, path: readonly string[]): (string | undefined)[] {
  const tokens = tokenize(file.text);
  return resourceDeclarations(tokens)
    .filter((r) => !r.existing && r.type.startsWith(typePrefix))
    .map((r) => {
      let open: number | undefined = r.bodyOpen;
      for (const [depth, key] of path.entries()) {
        const found: ObjectEntry | undefined = open === undefined ? undefined : entry(tokens, open, key);
        const start: number | undefined = found === undefined ? undefined : firstToken(tokens, found.value);
        if (found === undefined || start === undefined) return undefined;
        if (depth === path.length - 1) {
          const token = tokens[start];
          const single = found.value.end - start === 1 || tokens[start + 1]?.kind === 'newline';
          if (token === undefined || !single) return undefined;
          return token.kind === 'string' ? token.value : token.text;
        }
        open = tokens[start]?.text === '{' ? start : undefined;
      }
      return undefined;
    });
}
