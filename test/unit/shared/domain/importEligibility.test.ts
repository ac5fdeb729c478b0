import { describe, expect, it } from 'vitest';
import { importEligibility, type ImportRequest, type ImportSourceFacts } from '../../../../shared/domain/importEligibility';

const SCOPE = '/subscriptions/s1/resourceGroups/rg-captures';
const imageId = (rg = 'rg-captures') => `/subscriptions/s1/resourceGroups/${rg}/providers/Microsoft.Compute/images/img`;
const facts = (extra: Partial<ImportSourceFacts> = {}): ImportSourceFacts => ({
  id: imageId(),
  name: 'img',
  location: 'West Europe',
  osType: 'Linux',
  osState: 'Generalized',
  hyperVGeneration: 'V2',
  architecture: null,
  ...extra,
});
const request = (extra: Partial<ImportRequest> = {}): ImportRequest => ({
  source: { kind: 'managedImage', id: imageId() },
  facts: facts(),
  definition: { osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', architecture: 'x64' },
  image: 'ubuntu-web',
  captureScopes: [SCOPE],
  galleryLocation: 'westeurope',
  ...extra,
});

describe('importEligibility', () => {
  it('accepts a source that fits the definition and the gallery region (regions compared normalized)', () => {
    expect(importEligibility(request())).toEqual({ accept: true });
  });

  it.each([
    ['OS type', { osType: 'Windows' as const }, 'source.osType', /is Windows but image ubuntu-web is Linux/],
    ['OS state', { osState: 'Specialized' as const }, 'source.osState', /is Specialized but image ubuntu-web is Generalized/],
    ['Hyper-V generation', { hyperVGeneration: 'V1' as const }, 'source.hyperVGeneration', /generation V1 but image ubuntu-web is V2/],
    ['architecture', { architecture: 'Arm64' as const }, 'source.architecture', /is Arm64 but image ubuntu-web is x64/],
    ['region', { location: 'northeurope' }, 'source.location', /is in northeurope, but .* gallery's region westeurope/],
  ])('refuses a source of another %s as a mismatch naming the field', (_fact, extra, field, reason) => {
    const decision = importEligibility(request({ facts: facts(extra) }));
    expect(decision).toMatchObject({ accept: false, kind: 'mismatch', field });
    expect(decision.accept ? '' : decision.reason).toMatch(reason);
  });

  it.each([
    ['osState', { osState: null }],
    ['hyperVGeneration', { hyperVGeneration: null }],
    ['architecture', { architecture: null }],
    ['osType', { osType: null }],
  ])('does not judge a fact ARM does not report (%s)', (_fact, extra) => {
    expect(importEligibility(request({ facts: facts({ osType: 'Linux', ...extra }) }))).toEqual({ accept: true });
  });

  it.each([
    ['a managed image in another resource group', { kind: 'managedImage' as const, id: imageId('rg-elsewhere') }, 'source.managedImageId'],
    ['a snapshot in another subscription', { kind: 'snapshot' as const, id: '/subscriptions/s2/resourceGroups/rg-captures/providers/Microsoft.Compute/snapshots/s' }, 'source.snapshotId'],
    ['a VHD whose account is elsewhere', { kind: 'vhd' as const, uri: 'https://st.blob.core.windows.net/v/a.vhd', storageAccountId: '/subscriptions/s1/resourceGroups/rg-other/providers/Microsoft.Storage/storageAccounts/st' }, 'source.storageAccountId'],
  ])('refuses %s as outside the capture scopes, before any fact', (_case, source, field) => {
    expect(importEligibility(request({ source, facts: null }))).toMatchObject({ accept: false, kind: 'outside-scope', field });
  });

  it('accepts a VHD in scope without facts: its content is the definition\'s', () => {
    const source = { kind: 'vhd' as const, uri: 'https://st.blob.core.windows.net/v/a.vhd', storageAccountId: `${SCOPE}/providers/Microsoft.Storage/storageAccounts/st` };
    expect(importEligibility(request({ source, facts: null }))).toEqual({ accept: true });
  });
});
