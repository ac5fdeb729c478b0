import { formatProblems, type Problem } from './Problem';

/** The catalog is invalid; lists every problem with its path so one edit fixes them all. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  readonly problems: Problem[];
  readonly source: string;

  constructor(problems: Problem[], source = 'catalog') {
    super(`Invalid catalog ${source} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${formatProblems(problems)}`);
    this.problems = problems;
    this.source = source;
  }
}
