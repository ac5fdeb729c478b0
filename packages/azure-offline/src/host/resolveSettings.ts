/**
 * `%NAME%` in binding options is replaced by the app setting NAME, as the host does before it hands trigger options
 * to an extension. A missing setting is an error naming the function, the option and the setting: silently keeping
 * `%NAME%` would make a timer schedule fail later with a confusing parse error.
 */
const SETTING_REFERENCE = /%([^%\s]+)%/g;

export class SettingReferenceError extends Error {
  constructor(readonly where: string, readonly setting: string) {
    super(`${where}: app setting '${setting}' is referenced as %${setting}% but is not set`);
    this.name = 'SettingReferenceError';
  }
}

export function resolveSettingReferences(value: string, settings: Readonly<Record<string, string | undefined>>, where: string): string {
  return value.replace(SETTING_REFERENCE, (_match, name: string) => {
    const resolved = settings[name];
    if (resolved === undefined) throw new SettingReferenceError(where, name);
    return resolved;
  });
}

/** Resolves every string option of a binding; nested values are left alone (the host only resolves top-level ones). */
export function resolveBindingOptions<T extends Record<string, unknown>>(
  binding: T,
  settings: Readonly<Record<string, string | undefined>>,
  where: string,
): T {
  const resolved = Object.entries(binding).map(([key, option]) => [
    key,
    typeof option === 'string' ? resolveSettingReferences(option, settings, `${where}.${key}`) : option,
  ]);
  return Object.fromEntries(resolved) as T;
}
