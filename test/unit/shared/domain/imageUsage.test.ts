import { describe, expect, it } from 'vitest';
import { usageByVersion } from '../../../../shared/domain/imageUsage';
import { toGalleryVersionView } from '../../../../shared/ports/galleryVersionView';
import { aDefinition, aVersion, SUBSCRIPTION } from '../../../support/builders';
import { aUser, DEFINITION_ID } from '../../../support/fakePrune';

const SUB_SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const OTHER_DEFINITION = aDefinition({ name: 'windows-base' }).id;

function inRegions(name: string, regions: string[], overrides: Parameters<typeof aVersion>[0] = {}) {
  return toGalleryVersionView(
    aVersion({
      name,
      targetRegions: regions.map((r) => ({ name: r, replicas: 1 })),
      replication: { state: 'Completed', regions: regions.map((r) => ({ region: r, state: 'Completed' as const })) },
      ...overrides,
    }),
  );
}

describe('usageByVersion', () => {
  const versions = [inRegions('1.0.2', ['westeurope']), inRegions('1.0.1', ['westeurope', 'eastus'])];

  it('a version ID pins that version; IDs compare ignoring case', () => {
    const user = aUser({ imageId: `${DEFINITION_ID}/versions/1.0.1`.toUpperCase() });
    expect(usageByVersion(DEFINITION_ID, versions, [user])).toEqual({ '1.0.1': [user.id] });
  });

  it("a definition ID uses `latest` in the user's own region", () => {
    const west = aUser({ id: `${SUB_SCOPE}/x/vm-west`, location: 'westeurope', imageId: DEFINITION_ID.toLowerCase() });
    const east = aUser({ id: `${SUB_SCOPE}/x/vmss-east`, kind: 'virtualMachineScaleSet', location: 'eastus', imageId: `${DEFINITION_ID}/` });
    expect(usageByVersion(DEFINITION_ID, versions, [west, east])).toEqual({ '1.0.2': [west.id], '1.0.1': [east.id] });
  });

  it('a definition user in a region where nothing serves latest uses no version', () => {
    expect(usageByVersion(DEFINITION_ID, versions, [aUser({ location: 'japaneast', imageId: DEFINITION_ID })])).toEqual({});
  });

  it('users of other images, of unknown versions or of a name prefix are ignored', () => {
    const users = [
      aUser({ imageId: `${OTHER_DEFINITION}/versions/1.0.1` }),
      aUser({ imageId: `${DEFINITION_ID}/versions/9.9.9` }),
      aUser({ imageId: `${DEFINITION_ID}-old/versions/1.0.1` }),
    ];
    expect(usageByVersion(DEFINITION_ID, versions, users)).toEqual({});
  });

  it('the same user through two references is listed once', () => {
    const user = aUser({ imageId: `${DEFINITION_ID}/versions/1.0.1` });
    expect(usageByVersion(DEFINITION_ID, versions, [user, { ...user }])).toEqual({ '1.0.1': [user.id] });
  });
});
