import type { DefinitionTagsPort } from '../../ports/definitionTagsPort';
import type { ClientFor } from './clientFor';
import { armCall } from './toPortError';

/** A tags-only PATCH of the image definition: nothing else on it changes (its identity fields are immutable anyway). */
export function createDefinitionTagsAdapter(clientFor: ClientFor): DefinitionTagsPort {
  return {
    setImageDefinitionTags: (ref, tags) =>
      armCall(`update tags of image definition ${ref.galleryName}/${ref.imageName}`, async () => {
        // A tag write is quick; waiting for it keeps the next read of the count consistent.
        await clientFor(ref.subscriptionId).galleryImages.update(ref.resourceGroup, ref.galleryName, ref.imageName, { tags });
      }),
  };
}
