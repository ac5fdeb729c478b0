/**
 * How images inherit `defaults`: mappings merge key by key (recursively), everything else — lists included —
 * is replaced by the more specific value. Lists replace because merging region or step lists element-wise
 * would produce combinations nobody wrote. `undefined` means "not given" and never overrides.
 */
export type Plain = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Plain {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const keys = new Set([...Object.keys(base), ...Object.keys(override)]);
  // fromEntries defines own properties, so a `__proto__` key stays data and cannot reach the prototype.
  return Object.fromEntries([...keys].map((key) => [key, deepMerge(base[key], override[key])]));
}
