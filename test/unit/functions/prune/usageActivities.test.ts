import { describe, expect, it } from 'vitest';
import { createFindImageUsageActivity } from '../../../../functions/activities/findImageUsage';
import { usageByVersion } from '../../../../shared/domain/imageUsage';
import { toGalleryVersionView } from '../../../../shared/ports/galleryVersionView';
import { aDefinition, aVersion, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../support/builders';
import { aUser, DEFINITION_ID, FakePrunePorts } from './pruneFakes';
import { createReadGallerySharingActivity } from '../../../../functions/activities/readGallerySharing';

const SUB_SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const RG_SCOPE = `${SUB_SCOPE}/resourceGroups/rg-apps`;
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

describe('findImageUsage activity', () => {
  it('lists each scope once for all images and groups the users per image', async () => {
    const ports = new FakePrunePorts();
    const mine = aUser({ id: `${RG_SCOPE}/providers/Microsoft.Compute/virtualMachines/a` });
    const theirs = aUser({ id: `${RG_SCOPE}/providers/Microsoft.Compute/virtualMachines/b`, imageId: OTHER_DEFINITION });
    const unrelated = aUser({ id: `${RG_SCOPE}/providers/Microsoft.Compute/virtualMachines/c`, imageId: aDefinition({ name: 'nope' }).id });
    ports.addUsers(SUB_SCOPE, mine, theirs, unrelated);
    const out = await createFindImageUsageActivity({ usage: ports })({
      scopes: [SUB_SCOPE],
      definitions: { 'ubuntu-web': DEFINITION_ID, 'windows-base': OTHER_DEFINITION },
    });
    expect(out.users).toEqual({ 'ubuntu-web': [mine], 'windows-base': [theirs] });
    expect(ports.callsTo('listImageUsers')).toEqual([[SUB_SCOPE]]);
  });

  it('a user seen through overlapping scopes (a subscription and one of its groups) counts once', async () => {
    const ports = new FakePrunePorts();
    const user = aUser();
    ports.addUsers(SUB_SCOPE, user);
    ports.addUsers(RG_SCOPE, { ...user, id: user.id.toUpperCase() });
    const out = await createFindImageUsageActivity({ usage: ports })({ scopes: [SUB_SCOPE, RG_SCOPE], definitions: { 'ubuntu-web': DEFINITION_ID } });
    expect(out.users['ubuntu-web']).toEqual([user]);
    expect(ports.callsTo('listImageUsers')).toHaveLength(2);
  });

  it('an image nobody uses maps to an empty list, and a failing list fails the activity', async () => {
    const ports = new FakePrunePorts();
    const activity = createFindImageUsageActivity({ usage: ports });
    expect(await activity({ scopes: [SUB_SCOPE], definitions: { 'ubuntu-web': DEFINITION_ID } })).toEqual({ users: { 'ubuntu-web': [] } });
    ports.failNext.set('listImageUsers', new Error('ARM_UNAVAILABLE: list VMs'));
    await expect(activity({ scopes: [SUB_SCOPE], definitions: { 'ubuntu-web': DEFINITION_ID } })).rejects.toThrow(/^ARM_UNAVAILABLE/);
  });
});

describe('readGallerySharing activity', () => {
  const gallery = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY };

  it.each([
    ['Private', false],
    ['private', false],
    ['Groups', true],
    ['Community', true],
    ['SomethingNew', true],
  ])('permissions %s → shared %s', async (permissions, shared) => {
    const ports = new FakePrunePorts();
    ports.sharing = permissions;
    expect(await createReadGallerySharingActivity({ galleryLifecycle: ports })(gallery)).toEqual({ permissions, shared });
  });
});
