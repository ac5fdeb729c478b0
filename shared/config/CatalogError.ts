import { formatProblems, type Problem } from './Problem';

/** The catalog is invalid; lists every problem with its path so one edit fixes them all. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  readonly problems: Problem[];
  /** The file (or other origin) the catalog came from, when known. */
  readonly source: string | undefined;

  constructor(problems: Problem[], source?: string) {
    super(`Invalid catalog${source === undefined ? '' : ` ${source}`} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${formatProblems(problems)}`);
    this.problems = problems;
    this.source = source;
  }
}
