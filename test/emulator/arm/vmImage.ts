/** The image a VM is created from, read from its storage profile. */
import type { ArmRequest, EmulatorContext } from './context';
import { resolveImageReference, type ResolvedImage } from './imageReference';
import { optionalObject } from './resourceCommon';
import type { JsonObject } from './json';

export function imageReferenceOf(ctx: EmulatorContext, req: ArmRequest, storage: JsonObject | undefined, location: string): ResolvedImage {
  const ref = optionalObject(storage, 'imageReference', 'properties.storageProfile.imageReference');
  return resolveImageReference(ctx, req, ref, location, 'properties.storageProfile.imageReference');
}
