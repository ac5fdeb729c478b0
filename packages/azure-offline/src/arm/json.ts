/** JSON values as the wire carries them; handlers narrow them with the helpers below before trusting a field. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json | undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const found = value[key];
  return isObject(found) ? found : undefined;
}

export function stringAt(value: unknown, key: string): string | undefined {
  if (!isObject(value)) return undefined;
  const found = value[key];
  return typeof found === 'string' ? found : undefined;
}

export function booleanAt(value: unknown, key: string): boolean | undefined {
  if (!isObject(value)) return undefined;
  const found = value[key];
  return typeof found === 'boolean' ? found : undefined;
}

export function numberAt(value: unknown, key: string): number | undefined {
  if (!isObject(value)) return undefined;
  const found = value[key];
  return typeof found === 'number' ? found : undefined;
}

export function arrayAt(value: unknown, key: string): Json[] | undefined {
  if (!isObject(value)) return undefined;
  const found = value[key];
  return Array.isArray(found) ? found : undefined;
}
