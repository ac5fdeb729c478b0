import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { captureEligibility } from '../../shared/domain/captureEligibility';
import * as contracts from '../contracts';
import { captureInstanceId } from '../durable/instanceIds';
import { vmIdHash } from '../../shared/domain/hashing';
import { CAPTURE_TO_TAG, SOURCE_VM_TAG } from '../../shared/domain/tags';
import type { ImageSpec } from '../../shared/domain/catalog';
import { errorCodeOf } from '../../shared/ports/portError';
import { isInScope } from '../../shared/domain/scopes';
import { captureInputFor, findImage, type PipelineApp } from './buildInputs';
import { notFound, validationFailed } from './http/errorResponse';
import { parseJsonBody } from './http/parseJsonBody';
import { isRunningStatus } from '../durable/runtimeStatus';
import { startedResponse, startUnlessRunning, tryGetStatus, type StartClient } from './http/startUnlessRunning';

const VM_ID = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.compute\/virtualmachines\/[^/]+$/i;

export const startCaptureBody = z.strictObject({
  vmId: z.string().max(1000).regex(VM_ID, 'must be a virtual machine resource ID (/subscriptions/…/providers/Microsoft.Compute/virtualMachines/…)'),
  image: z.string().min(1).max(80).optional(),
});

/**
 * `POST /api/captures`: validates the VM up front (a person gets the reason as a 400 instead of a failed instance),
 * then starts `capture-<hash>`, which re-checks everything itself. Asking again for a VM already captured (even one
 * deleted after capture) starts the instance again, and it answers with the existing version.
 */
export function createStartCaptureHandler(app: PipelineApp) {
  const refFor = (image: ImageSpec) => ({
    subscriptionId: app.catalog.gallery.subscriptionId,
    resourceGroup: app.catalog.gallery.resourceGroup,
    galleryName: app.catalog.gallery.name,
    imageName: image.name,
  });

  /** The image a version was already captured into from this VM (its tag records the VM hash), if any. */
  const alreadyCapturedInto = async (candidates: ImageSpec[], hash: string): Promise<ImageSpec | undefined> => {
    for (const image of candidates) {
      const versions = await app.ports.gallery.listImageVersions(refFor(image));
      if (versions.some((v) => v.tags[SOURCE_VM_TAG] === hash)) return image;
    }
    return undefined;
  };

  return async (request: HttpRequest, client: StartClient, context: InvocationContext): Promise<HttpResponse> => {
    const body = await parseJsonBody(request, startCaptureBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const { vmId } = body.value;
    const hash = vmIdHash(vmId);
    const instanceId = captureInstanceId(hash);
    const conflict = { code: 'CAPTURE_RUNNING' as const, message: 'a capture of this VM is already running' };
    const start = async (image: ImageSpec, id: string) => {
      const outcome = await startUnlessRunning(client, contracts.captureImage.name, instanceId, captureInputFor(app, image, id, hash, 'http'));
      context.log(outcome.started ? `started ${instanceId}` : `${instanceId} is already ${outcome.runtimeStatus}`);
      return startedResponse(client, outcome, conflict);
    };

    // A running capture changes the VM (deallocation, deletion): answer 409 before judging the VM's state.
    const running = await tryGetStatus(client, instanceId);
    if (running && isRunningStatus(running.runtimeStatus)) {
      return startedResponse(client, { started: false, instanceId, runtimeStatus: String(running.runtimeStatus) }, conflict);
    }

    const requested = body.value.image === undefined ? undefined : findImage(app, body.value.image);
    if (body.value.image !== undefined && !requested) {
      return notFound(`image ${JSON.stringify(body.value.image.slice(0, 100))} is not in the catalog`, 'image');
    }

    // The scope is in the ID itself: a VM outside it is refused without reading it (nor the gallery) from ARM.
    if (!app.catalog.scopes.capture.some((scope) => isInScope(vmId, scope))) {
      const reason = `VM ${vmId} is outside the catalog's capture scopes`;
      return validationFailed(reason, [{ path: 'vmId', message: reason }]);
    }

    let vm;
    try {
      vm = await app.ports.compute.getVm(vmId);
    } catch (error) {
      if (errorCodeOf(error) !== 'NOT_FOUND') throw error;
      // Captured before and deleted after capture as tagged: the capture answers with that version again.
      const captured = await alreadyCapturedInto(requested ? [requested] : app.catalog.images, hash);
      if (captured) return start(captured, vmId);
      return validationFailed(`VM ${vmId} does not exist`, [{ path: 'vmId', message: 'no such VM' }]);
    }
    const tagged = vm.tags[CAPTURE_TO_TAG];
    const imageName = body.value.image ?? tagged;
    if (imageName === undefined) {
      return validationFailed('no image given and the VM has no capture tag', [
        { path: 'image', message: `required when the VM has no ${CAPTURE_TO_TAG} tag` },
      ]);
    }
    if (tagged !== undefined && tagged.toLowerCase() !== imageName.toLowerCase()) {
      return validationFailed(`image ${imageName} does not match the VM's ${CAPTURE_TO_TAG} tag (${tagged})`, [
        { path: 'image', message: `must match the VM's ${CAPTURE_TO_TAG} tag ${JSON.stringify(tagged)}` },
      ]);
    }
    const image = findImage(app, imageName);
    if (!image) return notFound(`image ${JSON.stringify(imageName.slice(0, 100))} is not in the catalog`, 'image');

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
      if (await alreadyCapturedInto([image], hash)) return start(image, vm.id || vmId);
      return validationFailed(decision.reason, [{ path: 'vmId', message: decision.reason }]);
    }
    return start(image, vm.id || vmId);
  };
}
