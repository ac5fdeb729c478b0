import type { FindCapturedVersionInput, FindCapturedVersionOutput, ImageVersionRefInput } from '../contracts';
import type { GalleryPort, ImageDefinitionRef, ImageDefinitionView, ImageVersionView } from '../../shared/ports/galleryPort';
import { SOURCE_VM_TAG } from '../provenanceTags';

export function createGetImageDefinitionActivity(ports: { gallery: GalleryPort }) {
  return (ref: ImageDefinitionRef): Promise<ImageDefinitionView> => ports.gallery.getImageDefinition(ref);
}

export function createListImageVersionsActivity(ports: { gallery: GalleryPort }) {
  return (ref: ImageDefinitionRef): Promise<ImageVersionView[]> => ports.gallery.listImageVersions(ref);
}

export function createReadImageVersionActivity(ports: { gallery: GalleryPort }) {
  return (input: ImageVersionRefInput): Promise<ImageVersionView> => ports.gallery.getImageVersion(input.ref, input.version);
}

/** Capture dedup lives in the version tags (DESIGN.md §4): one list, filtered by the source-VM hash. */
export function createFindCapturedVersionActivity(ports: { gallery: GalleryPort }) {
  return async (input: FindCapturedVersionInput): Promise<FindCapturedVersionOutput> => {
    const versions = await ports.gallery.listImageVersions(input.ref);
    const match = versions.find((v) => v.tags[SOURCE_VM_TAG] === input.vmIdHash);
    return { version: match ?? null };
  };
}
