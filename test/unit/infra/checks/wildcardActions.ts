/**
 * No wildcard in any action the app's roles grant or exclude (RBAC best practice; Defender flags custom roles
 * with `*`). Role JSON is walked by key; Bicep string literals are judged by shape, since an operation name is
 * the only kind of literal with a `/` and no spaces that may also contain `*` (schedules contain spaces).
 */
import { parseBicep, parseBicepParam, stringValue } from './bicepTree';
import type { SourceFile } from './sourceFile';

const ACTION_KEY = /^(not)?(data)?actions?$/i;

export function wildcardActionsInJson(path: string, json: unknown): string[] {
  const problems: string[] = [];
  const walk = (node: unknown, at: string, underActionKey: boolean): void => {
    if (typeof node === 'string') {
      if (underActionKey && node.includes('*')) problems.push(`${path}: ${at} = '${node}' is a wildcard action`);
    } else if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${at}[${i}]`, underActionKey));
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) walk(value, at === '' ? key : `${at}.${key}`, ACTION_KEY.test(key));
    }
  };
  walk(json, '', false);
  return problems;
}

/** Every string literal of a .bicep or .bicepparam file, including those inside interpolation holes. */
export function wildcardActionsInBicep(file: SourceFile): string[] {
  const root = file.path.endsWith('.bicepparam') ? parseBicepParam(file).root : parseBicep(file);
  return root.descendantsOfType('string').flatMap((string) => {
    const value = stringValue(string);
    if (value === undefined || !value.includes('*')) return [];
    const operationLike = value === '*' || (value.includes('/') && !/\s/.test(value));
    return operationLike ? [`${file.path}: '${value}' is a wildcard action`] : [];
  });
}
