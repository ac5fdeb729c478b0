import type { z } from 'zod';
import { formatPath, showValue, type Problem } from './Problem';
import { allowedKeysAt, closestKey } from './suggestKey';

type RawIssue = z.core.$ZodRawIssue;

/** `string "abc"`, `number 5`, `null`, `a list of 2`: the kind matters most when the type is wrong. */
function describeInput(value: unknown): string {
  if (value === null || typeof value === 'object') return showValue(value);
  return `${typeof value} ${showValue(value)}`;
}

const EXPECTED_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  record: 'a mapping',
};

function bounds(iss: { origin?: string; input?: unknown }, bound: unknown, word: 'least' | 'most'): string {
  const input = iss.input;
  switch (iss.origin) {
    case 'array':
      return `must have at ${word} ${String(bound)} item${bound === 1 ? '' : 's'}, got ${Array.isArray(input) ? input.length : showValue(input)}`;
    case 'string':
      return `must be at ${word} ${String(bound)} characters, got ${typeof input === 'string' ? input.length : showValue(input)}`;
    default:
      return `must be ${word === 'least' ? '≥' : '≤'} ${String(bound)}, got ${showValue(input)}`;
  }
}

/**
 * Turns zod's generic issues into messages that name the rule and the offending value. Schemas that need a more
 * specific rule text (ranges, formats) set their own `error`, which zod prefers over this map.
 */
export function catalogErrorMap(iss: RawIssue): string {
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return `required (${EXPECTED_NAMES[iss.expected] ?? iss.expected})`;
      const quote = iss.expected === 'string' && (typeof iss.input === 'number' || typeof iss.input === 'boolean') ? ' (quote it in YAML)' : '';
      return `must be ${EXPECTED_NAMES[iss.expected] ?? iss.expected}, got ${describeInput(iss.input)}${quote}`;
    }
    case 'too_small':
      return bounds(iss, iss.minimum, 'least');
    case 'too_big':
      return bounds(iss, iss.maximum, 'most');
    case 'invalid_value':
      if (iss.input === undefined) return `required (one of ${iss.values.map((v) => String(v)).join(', ')})`;
      return `must be one of ${iss.values.map((v) => String(v)).join(', ')}, got ${showValue(iss.input)}`;
    case 'invalid_union': {
      const discriminator = (iss as { discriminator?: string }).discriminator;
      const options = (iss as { options?: unknown[] }).options;
      if (discriminator !== undefined && options !== undefined) {
        const input = iss.input;
        const got = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[discriminator] : input;
        if (got === undefined) return `required (one of ${options.map((o) => String(o)).join(', ')})`;
        return `must be one of ${options.map((o) => String(o)).join(', ')}, got ${showValue(got)}`;
      }
      return `matches none of the allowed forms, got ${showValue(iss.input)}`;
    }
    case 'invalid_format':
      return `must be ${iss.format === 'regex' ? `text matching ${(iss as { pattern?: string }).pattern ?? 'the pattern'}` : `a valid ${iss.format}`}, got ${showValue(iss.input)}`;
    default:
      return iss.message ?? `invalid, got ${showValue(iss.input)}`;
  }
}

/** Unknown keys become one problem per key at the key's own path: typos must never silently turn into defaults. */
export function zodIssuesToProblems(issues: readonly z.core.$ZodIssue[], prefix: string, schema?: z.ZodType): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = schema ? allowedKeysAt(schema, issue.path) : [];
      for (const key of issue.keys) {
        const hint = closestKey(key, allowed);
        const list = allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}` : '';
        problems.push({
          path: formatPath([...issue.path, key], prefix),
          message: hint === undefined ? `unknown key${list}` : `unknown key (did you mean "${hint}"?)${list}`,
        });
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      // A bad record key (a tag name): the nested issues carry the rule.
      const reasons = issue.issues.map((i) => i.message).join('; ');
      problems.push({ path: formatPath(issue.path, prefix), message: reasons });
      continue;
    }
    problems.push({ path: formatPath(issue.path, prefix), message: issue.message });
  }
  return problems;
}
