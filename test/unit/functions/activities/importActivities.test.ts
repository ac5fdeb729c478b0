import { describe, expect, it } from 'vitest';
import { createFindImportedVersionActivity } from '../../../../functions/activities/findImportedVersion';
import { createReadImportSourceActivity } from '../../../../functions/activities/readImportSource';
import type { ImportSourceFacts, ImportSourcePort } from '../../../../shared/ports/importSourcePort';
import { PortError } from '../../../../shared/ports/portError';
import { aVersion, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';

const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };
const HASH = '0123456789abcdef';

describe('findImportedVersion', () => {
  it.each([
    ['no version of this source', [aVersion({ name: '1.0.0', tags: { 'autopilot-source': 'ffffffffffffffff' } })], null, null],
    ['a promoted version of it (tag name in any case)', [aVersion({ name: '1.0.1', tags: { 'Autopilot-Source': HASH } })], '1.0.1', 'complete'],
    ['an unpromoted one: resumed', [aVersion({ name: '1.0.2', excludeFromLatest: true, tags: { 'autopilot-source': HASH } })], '1.0.2', 'resume'],
    ['only a Failed one: imported again', [aVersion({ name: '1.0.3', provisioningState: 'Failed', tags: { 'autopilot-source': HASH } })], null, null],
  ])('%s', async (_case, versions, name, disposition) => {
    const arm = new FakeArm();
    arm.versions.set(`${GALLERY}/ubuntu-web`, versions);
    const found = await createFindImportedVersionActivity({ gallery: arm })({ ref, sourceHash: HASH });
    expect(found.version?.name ?? null).toBe(name);
    expect(found.disposition ?? null).toBe(disposition);
  });
});

describe('readImportSource', () => {
  const facts: ImportSourceFacts = { id: '/i', name: 'i', location: 'westeurope', osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', architecture: null };
  const port = (result: () => Promise<ImportSourceFacts>): ImportSourcePort => ({ getImportSource: result });

  it('reads a resource source, answers a gone one as not existing, and passes other failures on', async () => {
    const source = { kind: 'managedImage' as const, id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/i' };
    expect(await createReadImportSourceActivity({ importSources: port(async () => facts) })({ source })).toEqual({ exists: true, facts });
    expect(await createReadImportSourceActivity({ importSources: port(() => Promise.reject(new PortError('NOT_FOUND', 'gone'))) })({ source })).toEqual({ exists: false });
    await expect(createReadImportSourceActivity({ importSources: port(() => Promise.reject(new PortError('FORBIDDEN', 'no'))) })({ source })).rejects.toThrow(/^FORBIDDEN/);
  });

  it('reads nothing for a VHD: ARM does not describe its content', async () => {
    const never = port(() => Promise.reject(new Error('must not be read')));
    const source = { kind: 'vhd' as const, uri: 'https://st.blob.core.windows.net/v/a.vhd', storageAccountId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/st' };
    expect(await createReadImportSourceActivity({ importSources: never })({ source })).toEqual({ exists: true, facts: null });
  });
});
