import * as z from 'zod';

/** The object schemas a path leads to (several when a union is on the way); list indices are skipped. */
function objectsAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodObject[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    return objectsAt(schema.unwrap() as z.ZodType, path);
  }
  if (schema instanceof z.ZodPipe) return objectsAt(schema.in as z.ZodType, path);
  if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).flatMap((o) => objectsAt(o, path));
  const [head, ...rest] = path;
  if (head === undefined) return schema instanceof z.ZodObject ? [schema] : [];
  if (schema instanceof z.ZodArray && typeof head === 'number') return objectsAt(schema.element as z.ZodType, rest);
  if (schema instanceof z.ZodRecord) return objectsAt(schema.valueType as z.ZodType, rest);
  if (schema instanceof z.ZodObject && typeof head === 'string') {
    const shape = schema.shape as Record<string, z.ZodType | undefined>;
    const child = Object.hasOwn(shape, head) ? shape[head] : undefined;
    return child ? objectsAt(child, rest) : [];
  }
  return [];
}

/** The keys the schema allows in the mapping at `path`. */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  return [...new Set(objectsAt(schema, path).flatMap((o) => Object.keys(o.shape)))];
}

/** Edits between two strings, a swap of neighbours counting as one: `nmae` is one slip away from `name`. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.MAX_SAFE_INTEGER;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] ?? [];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The allowed key a typo most likely meant: same letters ignoring case, else at most two edits away. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const exact = allowed.find((k) => k.toLowerCase() === lower);
  if (exact !== undefined) return exact;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.min(2, Math.floor(candidate.length / 3)) && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}
