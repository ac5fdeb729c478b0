import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksSecret, showSetting } from '../../../../shared/config/looksSecret';

describe('looksSecret', () => {
  it.each<[string, string, boolean]>([
    ['STORAGE_KEY', 'short', true],
    ['DB_PASSWORD', 'x', true],
    ['AzureWebJobsStorage', 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc', true],
    ['NOTIFY_TOPIC_ENDPOINT', 'https://t.example.net/api/events?sig=abc', true],
    ['AZURE_ARM_ENDPOINT', 'https://user:pass@host', true],
    ['X', 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbA==', true],
    ['AZURE_CLIENT_ID', '6f1b2c3d-0000-4000-8000-000000000001', false],
    ['CATALOG_PATH', '/home/site/wwwroot/catalog.yaml', false],
    ['TASK_HUB_NAME', 'ImageAutopilot', false],
    ['REBUILD_SCHEDULE', '0 0 2 * * *', false],
  ])('%s=%s → %s', (name, value, secret) => {
    expect(looksSecret(name, value)).toBe(secret);
    expect(showSetting(name, value) === '<hidden: looks like a secret>').toBe(secret);
  });

  it('property: a setting named like a credential is never shown, whatever its value', () => {
    fc.assert(
      fc.property(fc.constantFrom('API_KEY', 'CLIENT_SECRET', 'SAS_TOKEN', 'DB_CONNECTION'), fc.string(), (name, value) => {
        expect(showSetting(name, value)).toBe('<hidden: looks like a secret>');
      }),
    );
  });

  it('property: shown values are quoted, single-line and at most 80 characters', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (value) => {
        const shown = showSetting('CATALOG_PATH', value);
        expect(shown.length).toBeLessThanOrEqual(80);
        expect(shown).not.toMatch(/\n/);
      }),
    );
  });
});
