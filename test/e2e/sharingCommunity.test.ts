/** Sharing to the community through the real path: the opt-in catalog entry makes the gallery public, once. */
import { ComputeManagementClient } from '@azure/arm-compute';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SharingOutput } from '../../functions/contracts';
import type { Catalog } from '../../shared/domain/catalog';
import { aCatalog, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

const COMMUNITY = { publisherUri: 'https://contoso.example', publisherContact: 'images@contoso.example', eula: 'https://contoso.example/eula', publicNamePrefix: 'contoso' };
const base = aCatalog();
const catalog: Catalog = { ...base, gallery: { ...base.gallery, sharing: { readers: [], community: { ...COMMUNITY, enforce: true } } } };
const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'emulator-accepts-any-bearer', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

async function apply(): Promise<SharingOutput> {
  const res = await postJson(`${stack.url}/api/sharing`, { apply: true });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const status = await runUntilDone(stack, runIdOf(res));
  expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
  return status.output as SharingOutput;
}

describe('community gallery', () => {
  it('an applied run gives the gallery its public details and enables community sharing; the next run has nothing to do', async () => {
    const first = await apply();
    expect(first.applied).toEqual([{ action: 'add', model: 'community', publicNamePrefix: 'contoso' }]);

    const compute = new ComputeManagementClient(credential, SUBSCRIPTION, { endpoint: stack.arm.url, tlsOptions: { ca: stack.arm.caPem } });
    const profile = (await compute.galleries.get(GALLERY_RG, GALLERY)).sharingProfile;
    expect(profile).toMatchObject({ permissions: 'Community', communityGalleryInfo: { ...COMMUNITY, communityGalleryEnabled: true } });
    expect(profile?.communityGalleryInfo?.publicNames?.[0]).toMatch(/^contoso-/);

    expect((await apply()).changes).toEqual([]);
  });
});
