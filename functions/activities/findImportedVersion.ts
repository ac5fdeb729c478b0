import type { FindCapturedVersionOutput, FindImportedVersionInput } from '../contracts';
import type { GalleryPort } from '../../shared/ports/galleryPort';
import { chooseCapturedVersion } from '../../shared/domain/versionRecovery';
import { readTag, SOURCE_TAG } from '../../shared/domain/tags';
import { versionsOrNone } from './listImageVersions';

/**
 * Import dedup lives in the version tags, as capture dedup does: one list, filtered by the source hash. Only a
 * usable version counts as imported; the disposition says whether it is complete, to be resumed, or deprecated.
 */
export function createFindImportedVersionActivity(ports: { gallery: GalleryPort }) {
  return async (input: FindImportedVersionInput): Promise<FindCapturedVersionOutput> => {
    const versions = await versionsOrNone(ports.gallery, input.ref);
    const choice = chooseCapturedVersion(versions.filter((v) => readTag(v.tags, SOURCE_TAG) === input.sourceHash));
    return { version: choice.version, disposition: choice.disposition, skipped: choice.skipped };
  };
}
