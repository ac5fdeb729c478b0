import { readFileSync } from 'node:fs';

export class LocalSettingsError extends Error {
  constructor(readonly source: string, readonly field: string, rule: string) {
    super(`${source}: ${field} ${rule}`);
    this.name = 'LocalSettingsError';
  }
}

/**
 * Reads the `Values` of a `local.settings.json` (Core Tools format: `{ IsEncrypted, Values, Host, ConnectionStrings }`).
 * Values must be strings, because they become environment variables; Core Tools refuses other types too.
 */
export function parseLocalSettings(text: string, source = 'local.settings.json'): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new LocalSettingsError(source, '(document)', `is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new LocalSettingsError(source, '(document)', 'must be a JSON object');
  const doc = parsed as { IsEncrypted?: unknown; Values?: unknown };
  if (doc.IsEncrypted !== undefined && typeof doc.IsEncrypted !== 'boolean') throw new LocalSettingsError(source, 'IsEncrypted', 'must be a boolean');
  if (doc.IsEncrypted === true) throw new LocalSettingsError(source, 'IsEncrypted', 'is true: encrypted settings are not supported (run `func settings decrypt`)');
  if (doc.Values === undefined) return {};
  if (typeof doc.Values !== 'object' || doc.Values === null || Array.isArray(doc.Values)) throw new LocalSettingsError(source, 'Values', 'must be an object of string values');
  const entries = Object.entries(doc.Values);
  for (const [name, value] of entries) {
    if (typeof value !== 'string') throw new LocalSettingsError(source, `Values.${name}`, `must be a string, got ${value === null ? 'null' : typeof value}`);
  }
  // fromEntries defines own properties, so a setting named "__proto__" stays a setting instead of a prototype.
  return Object.fromEntries(entries) as Record<string, string>;
}

export function readLocalSettings(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new LocalSettingsError(path, '(file)', `cannot be read: ${(error as Error).message}`);
  }
  return parseLocalSettings(text.replace(/^\uFEFF/, ''), path);
}
