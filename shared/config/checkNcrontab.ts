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

/** Expands one comma-separated part into its values, or returns the problem with it. */
function expandPart(part: string, field: FieldSpec): number[] | string {
  const [range, step, extra] = part.split('/');
  if (range === undefined || range === '' || extra !== undefined) return `${field.name} has malformed "${part}"`;
  let stride = 1;
  if (step !== undefined) {
    if (!/^\d+$/.test(step)) return `${field.name} step "${step}" must be a positive number`;
    stride = Number(step);
    if (stride < 1 || stride > field.max - field.min + 1) return `${field.name} step ${step} must be 1-${field.max - field.min + 1}`;
  }
  let from = field.min;
  let to = field.max;
  if (range !== '*') {
    const bounds = range.split('-');
    if (bounds.length > 2 || bounds.some((b) => b === '')) return `${field.name} has malformed range "${range}"`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = parseValue(bound, field);
      if (typeof value === 'string') return value;
      values.push(value);
    }
    from = values[0] ?? field.min;
    // "5/10" means from 5 to the field's end in steps of 10, as in NCRONTAB.
    to = values[1] ?? (step === undefined ? from : field.max);
    if (from > to) return `${field.name} range "${range}" runs backwards`;
  }
  const expanded: number[] = [];
  for (let value = from; value <= to; value += stride) expanded.push(value);
  return expanded;
}

function expandField(text: string, field: FieldSpec): number[] | string {
  if (/[?#]/.test(text)) return `${field.name} uses "${text}"; NCRONTAB has no ? or # (that is Quartz syntax)`;
  const values: number[] = [];
  for (const part of text.split(',')) {
    const expanded = expandPart(part, field);
    if (typeof expanded === 'string') return expanded;
    for (const value of expanded) values.push(value);
  }
  return values;
}

/** Longest length of each month in any year (February counts its leap day). */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * NCRONTAB requires day of month AND day of week to match (unlike Vixie cron's OR), so a day of month that no
 * selected month has makes the timer silently never fire — worth an error at startup rather than a quiet schedule.
 */
function checkReachableDay(days: readonly number[], months: readonly number[]): string | undefined {
  const longest = months.reduce((most, month) => Math.max(most, DAYS_IN_MONTH[month - 1] ?? 31), -Infinity);
  const earliest = days.reduce((least, day) => Math.min(least, day), Infinity);
  if (earliest <= longest) return undefined;
  const monthNames = [...new Set(months)].map((month) => MONTHS[month - 1]).join(',');
  return `day of month ${earliest} never occurs in ${monthNames} (at most ${longest} days), so the schedule would never fire`;
}

/** Returns undefined when valid, else one sentence naming the field and the rule. */
export function checkNcrontab(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter((f) => f !== '');
  if (fields.length === 5) {
    return `has 5 fields, but NCRONTAB needs 6 with seconds first (e.g. "0 ${fields.join(' ')}")`;
  }
  if (fields.length !== 6) return `has ${fields.length} fields, but NCRONTAB needs 6: second minute hour day month day-of-week`;
  const expanded: number[][] = [];
  for (const [i, text] of fields.entries()) {
    const field = NCRONTAB_FIELDS[i];
    if (field === undefined) continue;
    const values = expandField(text, field);
    if (typeof values === 'string') return values;
    expanded.push(values);
  }
  const [, , , days, months] = expanded;
  return days && months ? checkReachableDay(days, months) : undefined;
}
