import type { FindCapturedVersionInput, FindCapturedVersionOutput, ImageVersionRefInput } from '../contracts';
import type { GalleryPort, ImageDefinitionRef, ImageDefinitionView, ImageVersionView } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { chooseCapturedVersion } from '../../shared/domain/versionRecovery';
import { SOURCE_VM_TAG } from '../../shared/domain/tags';

export function createGetImageDefinitionActivity(ports: { gallery: GalleryPort }) {
  return (ref: ImageDefinitionRef): Promise<ImageDefinitionView> => ports.gallery.getImageDefinition(ref);
}

/** A definition that does not exist yet (an image new to the catalog) has no versions: nothing to plan or prune. */
async function versionsOrNone(gallery: GalleryPort, ref: ImageDefinitionRef): Promise<ImageVersionView[]> {
  try {
    return await gallery.listImageVersions(ref);
  } catch (error) {
    if (errorCodeOf(error) === 'NOT_FOUND') return [];
    throw error;
  }
}

export function createListImageVersionsActivity(ports: { gallery: GalleryPort }) {
  return (ref: ImageDefinitionRef): Promise<ImageVersionView[]> => versionsOrNone(ports.gallery, ref);
}

export function createReadImageVersionActivity(ports: { gallery: GalleryPort }) {
  return (input: ImageVersionRefInput): Promise<ImageVersionView> => ports.gallery.getImageVersion(input.ref, input.version);
}

/**
 * Capture dedup lives in the version tags (DESIGN.md §4): one list, filtered by the source-VM hash. Only a usable
 * version counts as captured (a Failed one is a capture that did not happen); the disposition says whether it is
 * complete, to be resumed, or deprecated since (shared/domain/versionRecovery.ts).
 */
export function createFindCapturedVersionActivity(ports: { gallery: GalleryPort }) {
  return async (input: FindCapturedVersionInput): Promise<FindCapturedVersionOutput> => {
    const versions = await versionsOrNone(ports.gallery, input.ref);
    const choice = chooseCapturedVersion(versions.filter((v) => v.tags[SOURCE_VM_TAG] === input.vmIdHash));
    return { version: choice.version, disposition: choice.disposition, skipped: choice.skipped };
  };
}
