import { describe, expect, it } from 'vitest';
import { createEnsureImageDefinitionActivity } from '../../../../functions/activities/ensureImageDefinition';
import type { ImageDefinitionSpec } from '../../../../shared/domain/catalog';
import { aDefinition, anImage, GALLERY, GALLERY_RG, LOCATION, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';

const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };

function aDefinitionSpec(overrides: Partial<ImageDefinitionSpec> = {}): ImageDefinitionSpec {
  return { ...anImage().definition, ...overrides };
}

const input = (definition = aDefinitionSpec()) => ({ ref, location: LOCATION, definition, tags: { owner: 'platform' } });

describe('ensureImageDefinition', () => {
  it('creates a definition the gallery lacks, from the catalog', async () => {
    const arm = new FakeArm();
    expect(await createEnsureImageDefinitionActivity({ gallery: arm })(input())).toEqual({ status: 'creating', provisioningState: 'Creating' });
    expect(arm.callsTo('startCreateImageDefinition')).toEqual([
      expect.objectContaining({ args: [ref, { location: LOCATION, definition: aDefinitionSpec(), tags: { owner: 'platform' } }] }),
    ]);
  });

  it('is idempotent: a retry finds the definition it created and writes nothing more', async () => {
    const arm = new FakeArm();
    const activity = createEnsureImageDefinitionActivity({ gallery: arm });
    await activity(input());
    expect(await activity(input())).toEqual({ status: 'exists', provisioningState: 'Succeeded', definition: expect.objectContaining({ name: 'ubuntu-web', provisioningState: 'Succeeded' }) });
    expect(arm.callsTo('startCreateImageDefinition')).toHaveLength(1);
  });

  it.each([
    ['OS type', aDefinitionSpec({ osType: 'Windows' })],
    ['OS state', aDefinitionSpec({ osState: 'Specialized' })],
  ])('refuses an existing definition whose %s disagrees with the catalog, changing nothing', async (_what, definition) => {
    const arm = new FakeArm();
    arm.addDefinition(ref, aDefinition());
    await expect(createEnsureImageDefinitionActivity({ gallery: arm })(input(definition))).rejects.toThrow(/^BAD_REQUEST: image definition ubuntu-web is Linux\/Generalized/);
    expect(arm.callsTo('startCreateImageDefinition')).toHaveLength(0);
  });
});
