import type { RecordBuildOutcomeInput, RecordBuildOutcomeOutput } from '../contracts';
import type { DefinitionTagsPort } from '../../shared/ports/definitionTagsPort';
import type { GalleryPort } from '../../shared/ports/galleryPort';
import { CONSECUTIVE_FAILURES_TAG, failureCount, LAST_FAILURE_TAG, lastFailureAt, withoutFailureTags } from '../../shared/domain/tags';

/**
 * Keeps `autopilot-consecutive-failures` (and the time of the last failure) on the image definition: +1 per failed
 * build, removed by a success. Idempotent: a failure whose time is already recorded is not counted again, a reset
 * of an unset count writes nothing. Tags are read fresh right before the write (the PATCH replaces all of them).
 */
export function createRecordBuildOutcomeActivity(ports: { gallery: GalleryPort; definitionTags: DefinitionTagsPort }) {
  return async (input: RecordBuildOutcomeInput): Promise<RecordBuildOutcomeOutput> => {
    if (input.succeeded && input.knownClear === true) return { consecutiveFailures: 0 };
    const definition = await ports.gallery.getImageDefinition(input.ref);
    const current = failureCount(definition.tags);
    const recordedAt = lastFailureAt(definition.tags);
    let others = withoutFailureTags(definition.tags);
    if (input.succeeded) {
      if (current === 0 && recordedAt === null) return { consecutiveFailures: 0 };
      await ports.definitionTags.setImageDefinitionTags(input.ref, others);
      return { consecutiveFailures: 0 };
    }
    if (recordedAt !== null && Date.parse(recordedAt) === Date.parse(input.at)) return { consecutiveFailures: current };
    const next = current + 1;
    others = { ...others, [CONSECUTIVE_FAILURES_TAG]: String(next), [LAST_FAILURE_TAG]: input.at };
    await ports.definitionTags.setImageDefinitionTags(input.ref, others);
    return { consecutiveFailures: next };
  };
}
