import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importSourceHash, type ImportSource } from '../../../../shared/domain/importSource';
import { sourceIdProblem, vhdUriProblem } from '../../../../shared/domain/importSourceIds';

const SUB = '00000000-0000-4000-8000-000000000001';
const rg = `/subscriptions/${SUB}/resourceGroups/rg-captures`;
const ACCOUNT = `${rg}/providers/Microsoft.Storage/storageAccounts/stimports`;

describe('importSourceHash', () => {
  const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/);

  it('is the same for the same resource however its ID is cased, and differs by kind', () => {
    fc.assert(
      fc.property(name, fc.constantFrom('managedImage', 'snapshot', 'disk') , (n, kind) => {
        const id = `${rg}/providers/Microsoft.Compute/images/${n}`;
        const a = importSourceHash({ kind, id } as ImportSource);
        expect(importSourceHash({ kind, id: id.toUpperCase() } as ImportSource)).toBe(a);
        expect(importSourceHash({ kind, id: id.replace('/providers', '//providers') } as ImportSource)).toBe(a);
        expect(a).toMatch(/^[0-9a-f]{16}$/);
      }),
    );
    const id = `${rg}/providers/Microsoft.Compute/snapshots/s`;
    expect(importSourceHash({ kind: 'snapshot', id })).not.toBe(importSourceHash({ kind: 'disk', id }));
  });

  it('names a VHD by its blob, without a SAS query, and its account; blob names stay case-sensitive', () => {
    const vhd = (uri: string): ImportSource => ({ kind: 'vhd', uri, storageAccountId: ACCOUNT });
    const plain = importSourceHash(vhd('https://stimports.blob.core.windows.net/vhds/a.vhd'));
    expect(importSourceHash(vhd('https://STIMPORTS.blob.core.windows.net/vhds/a.vhd?sv=2024&sig=x'))).toBe(plain);
    expect(importSourceHash(vhd('https://stimports.blob.core.windows.net/vhds/A.vhd'))).not.toBe(plain);
  });
});

describe('sourceIdProblem', () => {
  it.each([
    [`${rg}/providers/Microsoft.Compute/images/img-portal`, 'images', null],
    [`${rg}/providers/Microsoft.Compute/snapshots/snap_1.os`, 'snapshots', null],
    [ACCOUNT, 'storageAccounts', null],
    [`${rg}/providers/Microsoft.Compute/snapshots/s`, 'disks', /Microsoft.Compute\/disks resource ID/],
    [`${rg}/providers/Microsoft.Compute/images/img?x`, 'images', /must be 1 to 80 letters/],
    [`${rg}/providers/Microsoft.Compute/images/img.`, 'images', /end with a letter, digit or '_'/],
    [`${rg}/providers/Microsoft.Storage/storageAccounts/St_Imports`, 'storageAccounts', /3 to 24 lower-case letters and digits/],
    [`/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.Compute/images/i`, 'images', /subscription/i],
    [`${rg}/providers/Microsoft.Compute/images/${'a'.repeat(1000)}`, 'images', /at most 1000/],
  ] as const)('%s as %s → %s', (id, type, problem) => {
    const found = sourceIdProblem(id, type);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('vhdUriProblem', () => {
  it.each([
    ['https://stimports.blob.core.windows.net/vhds/golden.vhd', null],
    ['https://stimports.blob.core.windows.net/vhds/nested/golden.VHD?sv=1&sig=2', null],
    ['http://stimports.blob.core.windows.net/vhds/golden.vhd', /https/],
    ['https://stother.blob.core.windows.net/vhds/golden.vhd', /must be a blob of storage account 'stimports'/],
    ['https://stimports.file.core.windows.net/vhds/golden.vhd', /must be a blob of storage account 'stimports'/],
    ['https://stimports.blob.core.windows.net/golden.vhd', /in a container/],
    ['https://stimports.blob.core.windows.net/vhds/golden.vhdx', /\.vhd blob/],
    ['https://user:pw@stimports.blob.core.windows.net/vhds/golden.vhd', /credentials/],
    ['not a uri', /absolute https URI/],
  ])('%s → %s', (uri, problem) => {
    const found = vhdUriProblem(uri, ACCOUNT);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
