import { describe, expect, it } from 'vitest';
import { createFindImageUsageActivity } from '../../../../functions/activities/findImageUsage';
import { aDefinition, SUBSCRIPTION } from '../../../support/builders';
import { aUser, DEFINITION_ID, FakePrunePorts } from '../../../support/fakePrune';

const SUB_SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const RG_SCOPE = `${SUB_SCOPE}/resourceGroups/rg-apps`;
const OTHER_DEFINITION = aDefinition({ name: 'windows-base' }).id;

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
