/**
 * Every durable function name with its payload types, one file per feature. Declarations only: no behaviour lives
 * or is re-exported here, so `import * as contracts from '../contracts'` gives orchestrators names and types and
 * nothing that could run. Names are persisted in orchestration history: never rename one that may be in flight.
 */
export * from './build';
export * from './vm';
export * from './gallery';
export * from './prune';
export * from './rebuild';
export * from './policy';
export * from './notifications';
export * from './runs';
export * from './promote';
export * from './import';
export * from './validation';
export * from './sharing';
