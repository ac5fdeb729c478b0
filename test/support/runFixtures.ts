/** Run-store states for the trigger tests: a run that holds a lock, as far as the store and Durable know of it. */
import { randomUUID } from 'node:crypto';
import type * as df from 'durable-functions';
import { START_GRACE_MS } from '../../shared/domain/runs/lockKeys';
import { newRunId } from '../../shared/domain/runs/runIds';
import type { RunKind, RunRecord } from '../../shared/domain/runs/runRecord';
import type { RunStore } from '../../shared/ports/runStore';
import type { FakeDurableClient } from './fakeDurableClient';

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `<kind>-[<subject>-]<yyyymmddhhmmss>-<6 hex>`: what a start names its run. */
export function runIdPattern(kind: RunKind, subject?: string): RegExp {
  return new RegExp(`^${escaped(kind)}-${subject === undefined ? '' : `${escaped(subject)}-`}\\d{14}-[0-9a-f]{6}$`);
}

/** Longer ago than a lock holder nobody has heard of may still be starting. */
export function pastTheStartGrace(now = new Date()): Date {
  return new Date(now.getTime() - START_GRACE_MS - 60_000);
}

export interface HeldRun {
  kind: RunKind;
  lockKey: string;
  /** The ID's middle part (the image, or a capture's VM hash); none for a rebuild run. */
  subject?: string;
  image?: string;
  /** The Durable instance's status; none: Durable has not heard of the run (yet). */
  runtimeStatus?: df.OrchestrationRuntimeStatus;
  output?: unknown;
  /** The orchestration's name on the Durable instance. */
  name?: string;
  /** When the run was created: its ID's time. Now unless given. */
  at?: Date;
  /** false: the holder took the lock but wrote no record yet. */
  withRecord?: boolean;
}

/**
 * Puts a run in the lock `lockKey` the way a start does (lock, record, Durable instance), so a test can start another
 * run against it. Returns the holder's run ID.
 */
export async function holdLock(store: RunStore, client: FakeDurableClient, held: HeldRun): Promise<string> {
  const at = held.at ?? new Date();
  const runId = newRunId(held.kind, held.subject ?? null, at, randomUUID());
  const taken = await store.acquireLock(held.lockKey, runId, async () => false);
  if (!taken.acquired) throw new Error(`test setup: ${held.lockKey} is held by ${taken.holder}`);
  if (held.withRecord !== false) {
    const record: RunRecord = {
      runId,
      kind: held.kind,
      trigger: 'http',
      status: held.runtimeStatus === undefined ? 'Pending' : 'Running',
      createdAt: at.toISOString(),
      ...(held.image === undefined ? {} : { image: held.image }),
    };
    await store.create(record);
  }
  if (held.runtimeStatus !== undefined) {
    client.setStatus(runId, held.runtimeStatus, { ...(held.name === undefined ? {} : { name: held.name }), output: held.output ?? null });
  }
  return runId;
}
