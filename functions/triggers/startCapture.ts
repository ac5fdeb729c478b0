import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { captureEligibility } from '../capture/captureEligibility';
import * as contracts from '../contracts';
import { captureInstanceId } from '../durable/instanceIds';
import { vmIdHash } from '../hashing';
import { CAPTURE_TO_TAG } from '../provenanceTags';
import { errorCodeOf } from '../../shared/ports/portError';
import { captureInputFor, findImage, type PipelineApp } from './buildInputs';
import { notFound, validationFailed } from './http/errorResponse';
import { parseJsonBody } from './http/parseJsonBody';
import { startedResponse, startUnlessRunning, type StartClient } from './http/startUnlessRunning';

const VM_ID = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.compute\/virtualmachines\/[^/]+$/i;

export const startCaptureBody = z.strictObject({
  vmId: z.string().max(1000).regex(VM_ID, 'must be a virtual machine resource ID (/subscriptions/…/providers/Microsoft.Compute/virtualMachines/…)'),
  image: z.string().min(1).max(80).optional(),
});

/**
 * `POST /api/captures`: validates the VM up front (a person gets the reason as a 400 instead of a failed instance),
 * then starts `capture-<hash>`, which re-checks everything itself.
 */
export function createStartCaptureHandler(app: PipelineApp) {
  return async (request: HttpRequest, client: StartClient, context: InvocationContext): Promise<HttpResponse> => {
    const body = await parseJsonBody(request, startCaptureBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const { vmId } = body.value;

    let vm;
    try {
      vm = await app.ports.compute.getVm(vmId);
    } catch (error) {
      if (errorCodeOf(error) === 'NOT_FOUND') return validationFailed(`VM ${vmId} does not exist`, [{ path: 'vmId', message: 'no such VM' }]);
      throw error;
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

    const definition = await app.ports.gallery.getImageDefinition({
      subscriptionId: app.catalog.gallery.subscriptionId,
      resourceGroup: app.catalog.gallery.resourceGroup,
      galleryName: app.catalog.gallery.name,
      imageName: image.name,
    });
    const hash = vmIdHash(vmId);
    const instanceId = captureInstanceId(hash);
    const decision = captureEligibility({ vmId, vm, definition, image: image.name, captureScopes: app.catalog.scopes.capture });
    if (!decision.accept) return validationFailed(decision.reason, [{ path: 'vmId', message: decision.reason }]);
    const outcome = await startUnlessRunning(client, contracts.captureImage.name, instanceId, captureInputFor(app, image, vm.id || vmId, hash, 'http'));
    context.log(outcome.started ? `started ${instanceId}` : `${instanceId} is already ${outcome.runtimeStatus}`);
    return startedResponse(client, outcome, { code: 'CAPTURE_RUNNING', message: `a capture of this VM is already running` });
  };
}
