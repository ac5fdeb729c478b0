import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCatalogFile } from '../../../../shared/config';
import { planRebuild } from '../../../../shared/domain/rebuildPlan';
import { compareVersions } from '../../../../shared/domain/versions';
import { parseSeed } from '@image-autopilot/azure-offline';
import { recipeSha256 } from '../../../../shared/domain/hashing';

const root = path.resolve(__dirname, '../../../..');
const catalog = readCatalogFile(path.join(root, 'catalog.sample.yaml'));
const seed = parseSeed(JSON.parse(fs.readFileSync(path.join(root, 'tools/local/seed.json'), 'utf8')));
const now = new Date();

/**
 * The committed local seed is the newcomer's first impression: every catalog image exists with provenance that makes
 * it up to date, so "publish a newer base image → exactly the dependent images rebuild" works as the README says.
 */
describe('local seed matches catalog.sample.yaml', () => {
  const gallery = seed.galleries.find((g) => g.name === catalog.gallery.name && g.resourceGroup === catalog.gallery.resourceGroup);

  it('holds the catalog gallery', () => {
    expect(gallery).toBeDefined();
  });

  it.each(catalog.images.map((image) => [image.name, image] as const))('%s is seeded up to date', (_name, image) => {
    const seeded = gallery?.images.find((i) => i.name === image.name);
    expect(seeded, `image ${image.name} missing from the seed`).toBeDefined();
    const latest = [...(seeded?.versions ?? [])].filter((v) => !v.excludeFromLatest).sort((a, b) => compareVersions(b.name, a.name))[0];
    expect(latest).toBeDefined();
    if (image.baseImage.type !== 'marketplace') throw new Error('the sample catalog uses marketplace base images');
    const { publisher, offer, sku } = image.baseImage;
    const platform = seed.platformImages.find((p) => p.publisher === publisher && p.offer === offer && p.sku === sku);
    const newest = [...(platform?.versions ?? [])].sort((a, b) => compareVersions(b, a))[0] ?? null;
    const decision = planRebuild({
      policy: image.rebuild,
      baseImageVersion: newest === null ? null : `${publisher}:${offer}:${sku}:${newest}`,
      latest: {
        name: latest?.name ?? '',
        publishedDate: new Date(now.getTime() - (latest?.ageDays ?? 0) * 86_400_000).toISOString(),
        tags: latest?.tags ?? {},
      },
      recipeSha256: recipeSha256(image.customization),
      now,
    });
    expect(decision.reasons).toEqual([]);
    expect(decision.decision).toBe('up-to-date');
  });

  it('has a generalized VM tagged for capture inside a capture scope', () => {
    const candidates = seed.virtualMachines.filter((vm) => vm.tags['autopilot-capture-to'] !== undefined);
    expect(candidates.length).toBeGreaterThan(0);
    for (const vm of candidates) {
      const id = `/subscriptions/${vm.subscriptionId ?? seed.defaults.subscriptionId}/resourceGroups/${vm.resourceGroup}`.toLowerCase();
      expect(catalog.scopes.capture.some((scope) => id.startsWith(scope.toLowerCase()))).toBe(true);
      expect(vm.osState).toBe('generalized');
      expect(catalog.images.map((i) => i.name)).toContain(vm.tags['autopilot-capture-to']);
    }
  });

  it('has the staging resource group', () => {
    expect(seed.resourceGroups.map((g) => g.name)).toContain(catalog.staging.resourceGroup);
  });
});
