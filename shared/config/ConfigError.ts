import { formatProblems, type Problem } from './Problem';

/** App settings are invalid; thrown once at startup with every problem, so one deploy fixes them all. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(`Invalid app settings (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${formatProblems(problems)}`);
    this.problems = problems;
  }
}
