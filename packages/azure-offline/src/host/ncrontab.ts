import { CronExpressionParser } from 'cron-parser';

export interface NcrontabSchedule {
  expression: string;
  /** The first occurrence strictly after `after` (UTC; the local host ignores WEBSITE_TIME_ZONE). */
  next(after: Date): Date;
}

export class NcrontabError extends Error {
  constructor(readonly where: string, readonly expression: string, rule: string) {
    super(`${where}: schedule '${expression}' is not a valid NCRONTAB expression: ${rule}`);
    this.name = 'NcrontabError';
  }
}

/**
 * Parses the Functions timer NCRONTAB (six fields, seconds first: `0 0 3 * * *`). Five-field crontabs are refused
 * rather than guessed at: read as NCRONTAB they would silently shift every field by one unit.
 */
export function parseNcrontab(expression: string, where: string): NcrontabSchedule {
  const fields = expression.trim().split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 6) {
    throw new NcrontabError(where, expression, `expected 6 fields ({second} {minute} {hour} {day} {month} {day-of-week}), got ${fields.length}`);
  }
  const normalized = fields.join(' ');
  try {
    CronExpressionParser.parse(normalized, { tz: 'UTC', strict: false });
  } catch (error) {
    throw new NcrontabError(where, expression, (error as Error).message);
  }
  return {
    expression: normalized,
    next(after: Date): Date {
      return CronExpressionParser.parse(normalized, { tz: 'UTC', currentDate: after }).next().toDate();
    },
  };
}
