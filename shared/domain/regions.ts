/**
 * ARM accepts a region as its name (`westeurope`) or its display name (`West Europe`) and echoes either
 * back, so every comparison of regions goes through this: lower-case with all whitespace removed.
 */
export function normalizeRegion(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}

export function sameRegion(a: string, b: string): boolean {
  return normalizeRegion(a) === normalizeRegion(b);
}
