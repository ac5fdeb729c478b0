import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadConfig, PRODUCT_SETTINGS, readCatalogFile } from '../../../../shared/config';

describe('sample files', () => {
  it('catalog.sample.yaml is a valid catalog with the three documented images', () => {
    const catalog = readCatalogFile('catalog.sample.yaml');
    expect(catalog.gallery).toEqual({
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: 'rg-images',
      name: 'gal_golden_images',
      location: 'westeurope',
      allowPruneWhenShared: false,
      sharing: { readers: [] },
    });
    expect(catalog.images.map((i) => i.name)).toEqual(['ubuntu-2204-base', 'windows-2022-base', 'ubuntu-2204-docker']);
    expect(catalog.images.map((i) => i.retention.mode)).toEqual(['apply', 'dryRun', 'dryRun']);
    expect(catalog.images[1]?.targetRegions.map((r) => r.name)).toEqual(['westeurope', 'northeurope', 'swedencentral']);
    expect(catalog.images[0]?.customization).toHaveLength(2);
    expect(catalog.images[2]?.rebuild).toEqual({ onBaseImageChange: true, onRecipeChange: true, maxAgeDays: 14, pauseAfterFailures: 3 });
    expect(catalog.policy.enforce).toBe('report');
  });

  it("the commented validation: example of the Ubuntu image is a valid gate once uncommented", () => {
    const text = readFileSync('catalog.sample.yaml', 'utf8');
    const start = text.indexOf('    # validation:');
    expect(start).toBeGreaterThan(0);
    const block = text.slice(start).split('\n');
    const commented = block.slice(0, block.findIndex((line) => !line.startsWith('    #')));
    const uncommented = text.replace(commented.join('\n'), commented.map((line) => line.replace(/^ {4}# ?/, '    ')).join('\n'));
    const validation = loadCatalog(uncommented).images[0]?.validation;
    expect(validation).toMatchObject({ regions: ['westeurope', 'northeurope'], approval: 'none', timeoutMinutes: 30 });
    expect(validation?.steps.map((s) => s.name)).toEqual(['boots', 'ssh-hardened']);
  });

  it('local.settings.sample.json holds every product setting and its Values load through loadConfig', () => {
    const sample = JSON.parse(readFileSync('local.settings.sample.json', 'utf8')) as { IsEncrypted: boolean; Values: Record<string, string> };
    expect(sample.IsEncrypted).toBe(false);
    for (const setting of PRODUCT_SETTINGS) expect(Object.keys(sample.Values)).toContain(setting.name);
    const config = loadConfig(sample.Values);
    expect(config.catalogPath).toBe('catalog.sample.yaml');
    expect(config.taskHubName).toBe('ImageAutopilotLocal');
    expect(config.maxConcurrentBuilds).toBe(2);
    expect(config.clientId).toBeUndefined();
  });
});
