/**
 * Validates an NCRONTAB expression as the Functions timer trigger reads it: six fields, seconds first.
 * Written here rather than using cron-parser because that package is a dev dependency only, and because its
 * dialect differs (it accepts 5 fields, `?`, `L`, `#`), which would let schedules through that the host rejects.
 */
interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

export const NCRONTAB_FIELDS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: DAYS },
];

function parseValue(token: string, field: FieldSpec): number | string {
  if (/^\d+$/.test(token)) {
    const value = Number(token);
    if (value < field.min || value > field.max) return `${field.name} value ${token} is outside ${field.min}-${field.max}`;
    return value;
  }
  const index = field.names?.indexOf(token.toUpperCase() as never) ?? -1;
  if (index >= 0) return field.min + index;
  return `${field.name} has "${token}", expected a number ${field.min}-${field.max}${field.names ? ` or a name (${field.names[0]}…)` : ''}`;
}

function checkPart(part: string, field: FieldSpec): string | undefined {
  const [range, step, extra] = part.split('/');
  if (range === undefined || range === '' || extra !== undefined) return `${field.name} has malformed "${part}"`;
  if (step !== undefined) {
    if (!/^\d+$/.test(step)) return `${field.name} step "${step}" must be a positive number`;
    const n = Number(step);
    if (n < 1 || n > field.max - field.min + 1) return `${field.name} step ${step} must be 1-${field.max - field.min + 1}`;
  }
  if (range === '*') return undefined;
  const bounds = range.split('-');
  if (bounds.length > 2 || bounds.some((b) => b === '')) return `${field.name} has malformed range "${range}"`;
  const values: number[] = [];
  for (const bound of bounds) {
    const value = parseValue(bound, field);
    if (typeof value === 'string') return value;
    values.push(value);
  }
  const [from, to] = values;
  if (to !== undefined && from !== undefined && from > to) return `${field.name} range "${range}" runs backwards`;
  return undefined;
}

/** Returns undefined when valid, else one sentence naming the field and the rule. */
export function checkNcrontab(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter((f) => f !== '');
  if (fields.length === 5) {
    return `has 5 fields, but NCRONTAB needs 6 with seconds first (e.g. "0 ${fields.join(' ')}")`;
  }
  if (fields.length !== 6) return `has ${fields.length} fields, but NCRONTAB needs 6: second minute hour day month day-of-week`;
  for (const [i, text] of fields.entries()) {
    const field = NCRONTAB_FIELDS[i];
    if (field === undefined) continue;
    if (/[?#]/.test(text)) {
      return `${field.name} uses "${text}"; NCRONTAB has no ? or # (that is Quartz syntax)`;
    }
    for (const part of text.split(',')) {
      const problem = checkPart(part, field);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}
