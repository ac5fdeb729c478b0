import { randomUUID } from 'node:crypto';
import type * as df from 'durable-functions';
import { mayStillBeStarting } from '../../../shared/domain/runs/lockKeys';
import { newRunId, runIdTime } from '../../../shared/domain/runs/runIds';
import { runErrorOf } from '../../../shared/domain/runs/runOutcome';
import { isFinishedRunStatus, type RequestedBy, type RunKind, type RunRecord, type RunTrigger } from '../../../shared/domain/runs/runRecord';
import type { RunStore } from '../../../shared/ports/runStore';
import { isRunningStatus } from '../../durable/runtimeStatus';
import { tryGetStatus, type StartClient, type StartOutcome } from '../http/startedResponse';
import { settleRun } from './runView';

export interface RunSpec {
  kind: RunKind;
  /** The orchestration to start; the run ID is its instance ID. */
  orchestrator: string;
  trigger: RunTrigger;
  image?: string;
  reason?: string;
  requestedBy?: RequestedBy;
  /** What names the run besides its image (a capture's VM hash); also its ID's middle part when there is no image. */
  subject?: string;
  /** The ID's middle part when the run has no image yet (an event capture: the VM hash). */
  idHint?: string;
  parentRunId?: string;
  /** At most one running run holds the key ("one build per image"); none for kinds that may overlap. */
  lockKey?: string;
  /** A finished holder this says to keep (a completed capture) is answered instead of starting a new run. */
  keep?: (status: df.DurableOrchestrationStatus) => boolean;
  input: (runId: string) => unknown;
}

/** `{ requestedBy }` when a principal made the request, `{}` otherwise: spread into a RunSpec. */
export function requestedByField(requestedBy: RequestedBy | undefined): { requestedBy?: RequestedBy } {
  return requestedBy === undefined ? {} : { requestedBy };
}

/** The orchestration's input carries who asked, so its notifications can say it (orchestrators/notify/notify.ts). */
function withRequestedBy(input: unknown, requestedBy: RequestedBy | undefined): unknown {
  if (requestedBy === undefined || typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  return { ...input, requestedBy };
}

export interface RunStartDeps {
  runs: RunStore;
  client: StartClient;
  now: () => Date;
}

type HolderState = { running: true; runtimeStatus: string } | { running: false; status: df.DurableOrchestrationStatus | undefined };

async function holderState(deps: RunStartDeps, holder: string): Promise<HolderState> {
  const status = await tryGetStatus(deps.client, holder);
  if (status === undefined) {
    const record = await deps.runs.get(holder);
    const starting = (record === null || !isFinishedRunStatus(record.status)) && mayStillBeStarting(runIdTime(holder), deps.now());
    if (starting) return { running: true, runtimeStatus: 'Pending' };
    if (record !== null) await settleRun(deps.runs, deps.client, record, undefined, deps.now());
    return { running: false, status };
  }
  if (isRunningStatus(status.runtimeStatus)) return { running: true, runtimeStatus: String(status.runtimeStatus) };
  const record = await deps.runs.get(holder);
  if (record !== null) await settleRun(deps.runs, deps.client, record, status);
  return { running: false, status };
}

/**
 * Starts a new run unless its lock key is held by a running run (docs/operations.md#run-history): the lock makes "one
 * build per image" atomic across concurrent requests; the new run gets an ID no earlier run had, so runs never
 * overwrite each other. The outcome names the run ID as the instance ID, for startedResponse.
 */
export async function startRun(deps: RunStartDeps, spec: RunSpec): Promise<StartOutcome & { run?: RunRecord }> {
  if (spec.lockKey !== undefined) {
    const holder = await deps.runs.readLock(spec.lockKey);
    if (holder !== null) {
      const state = await holderState(deps, holder);
      if (state.running) return { started: false, instanceId: holder, runtimeStatus: state.runtimeStatus };
      if (state.status !== undefined && spec.keep?.(state.status)) {
        return { started: false, instanceId: holder, runtimeStatus: String(state.status.runtimeStatus), finished: state.status };
      }
    }
  }
  const now = deps.now();
  const runId = newRunId(spec.kind, spec.image ?? spec.idHint ?? null, now, randomUUID());
  if (spec.lockKey !== undefined) {
    const claimed = await deps.runs.acquireLock(spec.lockKey, runId, async (holder) => {
      const state = await holderState(deps, holder);
      return !state.running && !(state.status !== undefined && spec.keep?.(state.status) === true);
    });
    if (!claimed.acquired) {
      const state = await holderState(deps, claimed.holder);
      if (!state.running && state.status !== undefined && spec.keep?.(state.status) === true) {
        return { started: false, instanceId: claimed.holder, runtimeStatus: String(state.status.runtimeStatus), finished: state.status };
      }
      return { started: false, instanceId: claimed.holder, runtimeStatus: state.running ? state.runtimeStatus : 'Running' };
    }
  }
  const run: RunRecord = {
    runId,
    kind: spec.kind,
    trigger: spec.trigger,
    status: 'Pending',
    createdAt: now.toISOString(),
    ...(spec.image === undefined ? {} : { image: spec.image }),
    ...(spec.reason === undefined ? {} : { reason: spec.reason }),
    ...(spec.requestedBy === undefined ? {} : { requestedBy: spec.requestedBy }),
    ...(spec.subject === undefined ? {} : { subject: spec.subject }),
    ...(spec.parentRunId === undefined ? {} : { parentRunId: spec.parentRunId }),
  };
  await deps.runs.create(run);
  try {
    await deps.client.startNew(spec.orchestrator, { instanceId: runId, input: withRequestedBy(spec.input(runId), spec.requestedBy) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await deps.runs.update(runId, { status: 'Failed', endedAt: deps.now().toISOString(), error: runErrorOf(`START_FAILED: ${message}`, undefined) }).catch(() => undefined);
    if (spec.lockKey !== undefined) await deps.runs.releaseLock(spec.lockKey, runId).catch(() => undefined);
    throw error;
  }
  return { started: true, instanceId: runId, run };
}
