/** The public API of the domain rules: pure functions and types, no I/O, `now` always a parameter. */
export * from './catalog';
export * from './names';
export * from './quoted';
export * from './versions';
export * from './regions';
export * from './latest';
export * from './rebuildPlan';
export * from './tags';
export * from './retentionPlan';
export * from './versionRecovery';
export * from './publishOutcome';
export {
  planReplication,
  type CurrentRegion,
  type ReplicationPlan,
} from './replicationPlan';
