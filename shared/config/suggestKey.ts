import { z } from 'zod';

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
    const child = (schema.shape as Record<string, z.ZodType | undefined>)[head];
    return child ? objectsAt(child, rest) : [];
  }
  return [];
}

/** The keys the schema allows in the mapping at `path`. */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  return [...new Set(objectsAt(schema, path).flatMap((o) => Object.keys(o.shape)))];
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
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
