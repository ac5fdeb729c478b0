import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import * as z from 'zod';
import { captureEligibility } from '../../shared/domain/captureEligibility';
import * as contracts from '../contracts';
import { lockKeys } from '../../shared/domain/runs/lockKeys';
import { vmIdHash } from '../../shared/domain/hashing';
import { CAPTURE_TO_TAG, SOURCE_VM_TAG } from '../../shared/domain/tags';
import type { ImageSpec } from '../../shared/domain/catalog';
import { checkAzureName } from '../../shared/domain/names';
import { quoted } from '../../shared/domain/quoted';
import { errorCodeOf } from '../../shared/ports/portError';
import { isInScope } from '../../shared/domain/scopes';
import { checkVmId } from '../../shared/ports/resourceId';
import { captureInputFor, findImage, type PipelineApp } from './buildInputs';
import { finishedCapture } from './finishedCapture';
import { notFound, validationFailed } from './http/errorResponse';
import { parseJsonBody } from './http/parseJsonBody';
import { isRunningStatus } from '../durable/runtimeStatus';
import { startedResponse, tryGetStatus, type StartClient } from './http/startedResponse';
import { requestedByField, startRun } from './runs/startRun';
import { requestedByOf } from './http/authorize';
import { runLine } from './runs/runLine';

// Azure's own naming rules, segment by segment: a VM ID that could never exist never becomes a request path.
const vmIdField = z.string().superRefine((id, ctx) => {
  const checked = checkVmId(id);
  if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message });
});

const imageField = z.string().superRefine((name, ctx) => {
  for (const v of checkAzureName('imageDefinition', name)) ctx.addIssue({ code: 'custom', message: `${v.message} (${v.rule})` });
});

export const startCaptureBody = z.strictObject({ vmId: vmIdField, image: imageField.optional() });

/**
 * `POST /api/captures`: validates the VM up front (a person gets the reason as a 400 instead of a failed instance),
 * then starts a capture run under the VM's capture key, which re-checks everything itself. A VM whose capture
 * completed with a version is answered from that run (202 with its output), never captured again: the record stays
 * what it was. A missing VM costs one read; after a failed, cancelled or terminated capture, asking again starts a new
 * run, and it resumes or answers with a usable version it finds.
 */
export function createStartCaptureHandler(app: PipelineApp) {
  const refFor = (image: ImageSpec) => ({
    subscriptionId: app.catalog.gallery.subscriptionId,
    resourceGroup: app.catalog.gallery.resourceGroup,
    galleryName: app.catalog.gallery.name,
    imageName: image.name,
  });

  /** Whether a version of `image` was captured from this VM (its tag records the VM hash). */
  const alreadyCapturedInto = async (image: ImageSpec, hash: string): Promise<boolean> => {
    const versions = await app.ports.gallery.listImageVersions(refFor(image));
    return versions.some((v) => v.tags[SOURCE_VM_TAG] === hash);
  };

  return async (request: HttpRequest, client: StartClient, context: InvocationContext): Promise<HttpResponse> => {
    const body = await parseJsonBody(request, startCaptureBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const { vmId } = body.value;
    const hash = vmIdHash(vmId);
    // The VM's capture key names its latest capture run, running or finished (docs/operations.md#run-history).
    const lockKey = lockKeys.capture(hash);
    const conflict = { code: 'CAPTURE_RUNNING' as const, message: 'a capture of this VM is already running' };
    const start = async (image: ImageSpec, id: string) => {
      const outcome = await startRun(
        { runs: app.ports.runs, client, now: () => new Date() },
        {
          kind: 'capture',
          orchestrator: contracts.captureImage.name,
          trigger: 'http',
          ...requestedByField(requestedByOf(request)),
          image: image.name,
          subject: id,
          lockKey,
          keep: (status) => finishedCapture(status) !== undefined,
          input: () => captureInputFor(app, image, id, hash, 'http'),
        },
      );
      context.log(runLine(outcome.started ? `started ${outcome.instanceId}` : `capture of ${quoted(id)}: ${outcome.instanceId} is already ${outcome.runtimeStatus}`, outcome, { image: image.name, trigger: 'http' }));
      return startedResponse(client, outcome, conflict);
    };

    // A running capture changes the VM (deallocation, deletion): answer 409 before judging the VM's state.
    const latest = await app.ports.runs.readLock(lockKey);
    const instanceId = latest ?? '';
    const current = latest === null ? undefined : await tryGetStatus(client, latest);
    if (current && isRunningStatus(current.runtimeStatus)) {
      return startedResponse(client, { started: false, instanceId, runtimeStatus: String(current.runtimeStatus) }, conflict);
    }

    const requested = body.value.image === undefined ? undefined : findImage(app, body.value.image);
    if (body.value.image !== undefined && !requested) {
      return notFound(`image ${quoted(body.value.image, 100)} is not in the catalog`, 'image');
    }

    // Captured already (the VM may be gone since, as its tag asked): that record is the answer, without reading ARM.
    const finished = finishedCapture(current);
    if (current && finished) {
      if (requested && finished.image !== '' && requested.name.toLowerCase() !== finished.image.toLowerCase()) {
        const reason = `this VM was already captured into image ${quoted(finished.image)} as version ${quoted(finished.version)}`;
        return validationFailed(reason, [{ path: 'image', message: reason }]);
      }
      context.log(`${instanceId} already captured ${quoted(finished.version)}: answered from its record`);
      return startedResponse(client, { started: false, instanceId, runtimeStatus: String(current.runtimeStatus), finished: current }, conflict);
    }

    // The scope is in the ID itself: a VM outside it is refused without reading it (nor the gallery) from ARM.
    if (!app.catalog.scopes.capture.some((scope) => isInScope(vmId, scope))) {
      const reason = `VM ${quoted(vmId)} is outside the catalog's capture scopes`;
      return validationFailed(reason, [{ path: 'vmId', message: reason }]);
    }

    let vm;
    try {
      vm = await app.ports.compute.getVm(vmId);
    } catch (error) {
      if (errorCodeOf(error) !== 'NOT_FOUND') throw error;
      return validationFailed(`VM ${quoted(vmId)} does not exist`, [{ path: 'vmId', message: 'no such VM' }]);
    }
    const tagged = vm.tags[CAPTURE_TO_TAG];
    const imageName = body.value.image ?? tagged;
    if (imageName === undefined) {
      return validationFailed('no image given and the VM has no capture tag', [
        { path: 'image', message: `required when the VM has no ${CAPTURE_TO_TAG} tag` },
      ]);
    }
    if (tagged !== undefined && tagged.toLowerCase() !== imageName.toLowerCase()) {
      return validationFailed(`image ${quoted(imageName)} does not match the VM's ${CAPTURE_TO_TAG} tag (${quoted(tagged)})`, [
        { path: 'image', message: `must match the VM's ${CAPTURE_TO_TAG} tag ${quoted(tagged)}` },
      ]);
    }
    const image = findImage(app, imageName);
    if (!image) return notFound(`image ${quoted(imageName, 100)} is not in the catalog`, 'image');

    // The catalog's OS facts: the capture creates a missing definition from them and refuses one that disagrees.
    const decision = captureEligibility({
      vmId,
      vm,
      definition: image.definition,
      image: image.name,
      captureScopes: app.catalog.scopes.capture,
      galleryLocation: app.catalog.gallery.location,
    });
    if (!decision.accept) {
      // A failed or terminated capture may have left a usable version that the VM, changed since, no longer earns.
      if (await alreadyCapturedInto(image, hash)) return start(image, vm.id || vmId);
      return validationFailed(decision.reason, [{ path: 'vmId', message: decision.reason }]);
    }
    return start(image, vm.id || vmId);
  };
}
