import type { FindCapturedVersionInput, FindCapturedVersionOutput } from '../contracts';
import type { GalleryPort } from '../../shared/ports/galleryPort';
import { chooseCapturedVersion } from '../../shared/domain/versionRecovery';
import { SOURCE_VM_TAG } from '../../shared/domain/tags';
import { versionsOrNone } from './listImageVersions';

/**
 * Capture dedup lives in the version tags (docs/architecture.md#activities-adapters-and-state): one list, filtered by the source-VM hash. Only a usable
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
