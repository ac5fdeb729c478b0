import type { InvocationContext } from '@azure/functions';
import * as contracts from '../contracts';
import type { EventCaptureInput } from '../contracts';
import { captureInstanceId } from '../durable/instanceIds';
import { vmIdHash } from '../../shared/domain/hashing';
import { galleryInput, MAX_REPLICATION_RETRIES, pollingInput, type PipelineApp } from './buildInputs';
import { parseGeneralizeEvent } from './generalizeEvent';
import { startUnlessRunning, type StartClient } from './http/startUnlessRunning';

export type VmGeneralizedResult = { started: boolean; instanceId: string } | { ignored: string };

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
 * `vmGeneralized` (Event Grid): validate, then ONLY start `capture-<hash>` — no ARM reads (Event Grid gives up after
 * 30 s). Bad or foreign events are logged by reason (never the raw event: it carries caller claims) and
 * acknowledged, since a throw makes Event Grid redeliver for a day. A running capture of the same VM is success.
 * Only a failure to reach Durable is thrown: then a redelivery is exactly what should happen.
 */
export function createVmGeneralizedHandler(app: PipelineApp) {
  return async (event: unknown, client: StartClient, context: InvocationContext): Promise<VmGeneralizedResult> => {
    let parsed;
    try {
      parsed = parseGeneralizeEvent(typeof event === 'string' ? (JSON.parse(event) as unknown) : event);
    } catch {
      parsed = { accepted: false as const, reason: 'malformed' as const, detail: 'the event is not JSON', eventId: null };
    }
    const label = parsed.eventId === null ? 'event' : `event ${parsed.eventId}`;
    if (!parsed.accepted) {
      context.log(`vmGeneralized: ${label} ignored: ${parsed.reason} (${parsed.detail})`);
      return { ignored: parsed.reason };
    }
    const hash = vmIdHash(parsed.vmId);
    const instanceId = captureInstanceId(hash);
    const outcome = await startUnlessRunning(client, contracts.captureFromEvent.name, instanceId, eventCaptureInputFor(app, parsed.vmId, hash));
    context.log(`vmGeneralized: ${label}: ${outcome.started ? `started ${instanceId}` : `${instanceId} is already ${outcome.runtimeStatus}`}`);
    return { started: outcome.started, instanceId };
  };
}
