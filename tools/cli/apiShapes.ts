/** The API's answers as the CLI reads them: the status page's shapes (types only), and the 202 check. */
export type { Finding, Image, ImageVersion, PolicyReport, Progress, PruneItem, PrunePlan, Run, RunError } from '../../ui/src/shapes';

/** A 202's check-status payload: `runId` beside Durable's fields. */
export interface Started {
  runId: string;
  runtimeStatus?: string;
}

export function isStarted(body: unknown): body is Started {
  return typeof body === 'object' && body !== null && 'runId' in body && typeof body.runId === 'string';
}
