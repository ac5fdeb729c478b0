import type * as df from 'durable-functions';
import type { EventCaptureInput, EventCaptureOutput } from '../contracts';
import * as contracts from '../contracts';
import { CAPTURE_TO_TAG, readTag } from '../../shared/domain/tags';
import { callActivity } from '../durable/callActivity';
import { setProgress } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { quoted } from '../../shared/domain/quoted';
import { captureImageOrchestrator } from './captureImage';

/**
 * A capture run started by `vmGeneralized`. The Event Grid trigger may not read ARM (Event Grid waits 30 s), so
 * the image comes from the VM's `autopilot-capture-to` tag, read here; then the capture orchestration runs inline
 * under the same instance ID (one capture per VM whichever path started it: the VM's capture key in the run store). An untagged, unknown or vanished VM
 * is ignored with a recorded reason: the event was not meant for us.
 */
export function* captureFromEventOrchestrator(ctx: df.OrchestrationContext, input: EventCaptureInput): Generator<df.Task, EventCaptureOutput, unknown> {
  const log = replaySafeLogger(ctx);
  const ignore = (reason: string): EventCaptureOutput => {
    log.info(`capture of ${quoted(input.vmId)} ignored: ${reason}`);
    setProgress(ctx, { step: 'done', detail: `ignored: ${reason}`, percent: 100 });
    return { ignored: true, vmId: input.vmId, reason };
  };

  setProgress(ctx, { step: 'inspect', detail: 'reading the VM tag', percent: 1 });
  const vm = yield* callActivity(ctx, contracts.readVm, { vmId: input.vmId });
  if (!vm.exists) return ignore('vm-not-found: the VM no longer exists');
  const target = readTag(vm.vm.tags, CAPTURE_TO_TAG);
  if (target === undefined) return ignore(`untagged: the VM has no ${CAPTURE_TO_TAG} tag`);
  const image = input.images.find((i) => i.name.toLowerCase() === target.toLowerCase());
  // The tag's value is the VM owner's text: quoted, in the log line and in the recorded reason alike.
  if (image === undefined) return ignore(`unknown-image: ${CAPTURE_TO_TAG}=${quoted(target, 80)} is not in the catalog`);

  return yield* captureImageOrchestrator(ctx, {
    vmId: vm.vm.id || input.vmId,
    vmIdHash: input.vmIdHash,
    image,
    gallery: input.gallery,
    captureScopes: input.captureScopes,
    naming: input.naming,
    trigger: 'event',
    polling: input.polling,
    maxReplicationRetries: input.maxReplicationRetries,
  });
}
