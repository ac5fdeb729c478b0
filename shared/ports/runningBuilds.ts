/** What the sweeper needs to know about an orchestration: which build ID, if any, it is running now. */
export interface RunningBuilds {
  runningBuildId(instanceId: string): Promise<string | null>;
}
