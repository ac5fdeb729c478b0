import type { InvocationContext } from '@azure/functions';
import * as contracts from '../contracts';
import type { EventCaptureInput } from '../contracts';
import { lockKeys } from '../../shared/domain/runs/lockKeys';
import { vmIdHash } from '../../shared/domain/hashing';
import { quoted } from '../../shared/domain/quoted';
import { galleryInput, MAX_REPLICATION_RETRIES, pollingInput, type PipelineApp } from './buildInputs';
import { finishedCapture } from './finishedCapture';
import { checkEventScope, parseGeneralizeEvent } from './generalizeEvent';
import type { StartClient } from './http/startedResponse';
import { startRun } from './runs/startRun';

export type VmGeneralizedResult =
  | { started: boolean; instanceId: string }
  | { started: false; instanceId: string; alreadyCaptured: { image: string; version: string } }
  | { ignored: string };

/** Same settings a `POST /api/captures` copies, but every catalog image: the orchestration picks by the VM's tag. */
export function eventCaptureInputFor(app: PipelineApp, vmId: string, hash: string): EventCaptureInput {
  return {
    vmId,
    vmIdHash: hash,
    images: app.catalog.images,
    gallery: galleryInput(app),
    captureScopes: [...app.catalog.scopes.capture],
    naming: { ...app.catalog.policy.naming },
    polling: pollingInput(app),
    maxReplicationRetries: MAX_REPLICATION_RETRIES,
  };
}

/**
 * `vmGeneralized` (Event Grid): validate — shape, Azure's naming rules, capture scope and topic, all from the event
 * alone — then ONLY start a capture run under the VM's capture key: no ARM reads (Event Grid gives up after 30 s), and nothing at all for an
 * event that is refused. Bad or foreign events are logged by reason (never the raw event: it carries caller claims)
 * and acknowledged, since a throw makes Event Grid redeliver for a day. A running capture of the same VM is success;
 * a redelivery after the capture completed with a version is acknowledged as already captured, never started again
 * (the capture's record and output stay as they were). Only a failure to reach Durable is thrown: then a redelivery is
 * exactly what should happen.
 */
export function createVmGeneralizedHandler(app: PipelineApp) {
  return async (event: unknown, client: StartClient, context: InvocationContext): Promise<VmGeneralizedResult> => {
    let parsed;
    try {
      parsed = parseGeneralizeEvent(typeof event === 'string' ? (JSON.parse(event) as unknown) : event);
    } catch {
      // The host parsed the delivery as JSON, so a string that does not parse was a JSON string in the batch, not an event.
      parsed = { accepted: false as const, reason: 'not-an-object' as const, detail: 'the event is a string, not a JSON object', eventId: null };
    }
    const label = parsed.eventId === null ? 'event' : `event ${quoted(parsed.eventId)}`;
    const checked = checkEventScope(parsed, app.catalog.scopes.capture);
    if (!checked.accepted) {
      // The detail quotes every value it took from the event.
      context.log(`vmGeneralized: ${label} ignored: ${checked.reason} (${checked.detail})`);
      return { ignored: checked.reason };
    }
    const hash = vmIdHash(checked.vmId);
    const input = eventCaptureInputFor(app, checked.vmId, hash);
    const outcome = await startRun(
      { runs: app.ports.runs, client, now: () => new Date() },
      {
        kind: 'capture',
        orchestrator: contracts.captureFromEvent.name,
        trigger: 'event',
        subject: checked.vmId,
        idHint: hash,
        lockKey: lockKeys.capture(hash),
        keep: (status) => finishedCapture(status) !== undefined,
        input: () => input,
      },
    );
    const instanceId = outcome.instanceId;
    const finished = outcome.started ? undefined : finishedCapture(outcome.finished);
    if (finished !== undefined) {
      context.log(`vmGeneralized: ${label}: VM ${quoted(checked.vmId)} already captured by ${instanceId} as ${quoted(finished.image)} ${quoted(finished.version)}: acknowledged, not captured again`);
      return { started: false, instanceId, alreadyCaptured: finished };
    }
    context.log(`vmGeneralized: ${label}: ${outcome.started ? `started ${instanceId}` : `${instanceId} is already ${outcome.runtimeStatus}`}`);
    return { started: outcome.started, instanceId };
  };
}
