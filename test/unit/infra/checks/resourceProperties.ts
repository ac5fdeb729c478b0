/**
 * Reads one property of a declared resource by path (`properties.allowSharedKeyAccess`), so tests can pin the
 * settings the design depends on (keyless access, runtime, schema) without a compiler.
 */
import { objectAt, parseBicep, property, resourceDeclarations, stringValue } from './bicepTree';
import type { SourceFile } from './sourceFile';

const LITERALS = new Set(['boolean', 'number', 'null']);

/**
 * The literal value at `path` in every deployed (not `existing`) resource whose type starts with `typePrefix`: a plain string's
 * value, or the source text of a boolean, number or null (`false`, `2048`); undefined where the path is missing or the
 * value is an expression.
 */
export function resourcePropertyValues(file: SourceFile, typePrefix: string, path: readonly string[]): (string | undefined)[] {
  return resourceDeclarations(parseBicep(file))
    .filter((r) => !r.existing && r.type.startsWith(typePrefix))
    .map((r) => {
      const value = property(objectAt(r.body, ...path.slice(0, -1)), path[path.length - 1] ?? '');
      if (value === undefined) return undefined;
      return value.type === 'string' ? stringValue(value) : LITERALS.has(value.type) ? value.text : undefined;
    });
}
