/** The run history's writes from orchestrations (docs/operations.md#run-history). */
import type { StepTails } from '../../shared/domain/outputTail';
import type { RunRecord, RunUpdate } from '../../shared/domain/runs/runRecord';
import { activity } from '../durable/descriptors';

export interface RecordRunEndInput {
  runId: string;
  update: RunUpdate;
  /** Freed if the run still holds it. */
  lockKey?: string;
  /** A build's customization steps with their output tails, kept beside the record (a failed build has no output). */
  customization?: StepTails[];
}

/** A run an orchestration starts itself (a scheduled run's build): its record, and the lock it must hold. */
export interface ClaimRunInput {
  run: RunRecord;
  lockKey: string;
}

export type ClaimRunOutput = { claimed: true } | { claimed: false; holder: string };

export const recordRunEnd = activity<RecordRunEndInput, null>('recordRunEnd');
export const claimRun = activity<ClaimRunInput, ClaimRunOutput>('claimRun');
