import type * as df from 'durable-functions';
import type { ImageDefinitionRef, ImageDefinitionView } from '../contracts';
import * as contracts from '../contracts';
import type { ImageSpec } from '../../shared/domain/catalog';
import { callActivity } from '../durable/callActivity';
import type { PollingSettings } from '../durable/pollUntil';
import { pollUntil } from '../durable/pollUntil';

const DEFINITION_TIMEOUT_SECONDS = 3600;

/**
 * The image's definition as the gallery has it, created from the catalog first when the image is new to the gallery
 * (builds and captures both publish into it). Polls a definition still being created with durable timers.
 */
export function* ensureDefinition(
  ctx: df.OrchestrationContext,
  ref: ImageDefinitionRef,
  location: string,
  image: ImageSpec,
  polling: PollingSettings,
): Generator<df.Task, ImageDefinitionView, unknown> {
  const ensured = yield* callActivity(ctx, contracts.ensureImageDefinition, { ref, location, definition: image.definition, tags: image.tags });
  // The activity's own read, when it found the definition settled: reading it again would tell nothing new. The
  // choice follows the recorded output, so a replay of a history without `definition` polls as it did.
  const settled = (d: ImageDefinitionView) => d.provisioningState === 'Succeeded' || d.provisioningState === 'Failed';
  const definition = ensured.definition !== undefined && settled(ensured.definition) ? ensured.definition : yield* pollUntil(ctx, {
    firstReadAfterSeconds: ensured.status === 'creating' ? polling.minSeconds : 0,
    read: () => callActivity(ctx, contracts.getImageDefinition, ref),
    isDone: settled,
    polling,
    timeoutSeconds: DEFINITION_TIMEOUT_SECONDS,
    what: `creation of image definition ${image.name}`,
  });
  if (definition.provisioningState === 'Failed') throw new Error(`OPERATION_FAILED: image definition ${image.name} failed to provision`);
  return definition;
}
