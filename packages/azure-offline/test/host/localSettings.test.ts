import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLocalSettings, readLocalSettings } from '../../src/host';

function settingsFile(values: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ IsEncrypted: false, Values: values, Host: { LocalHttpPort: 7071 }, ConnectionStrings: {}, ...extra });
}

describe('parseLocalSettings', () => {
  it.each([
    [settingsFile({ FUNCTIONS_WORKER_RUNTIME: 'node', CATALOG_PATH: 'catalog.yaml' }), { FUNCTIONS_WORKER_RUNTIME: 'node', CATALOG_PATH: 'catalog.yaml' }],
    [settingsFile({}), {}],
    [JSON.stringify({ IsEncrypted: false }), {}],
    [JSON.stringify({ Values: { A: '' } }), { A: '' }],
  ])('%s → %j', (text, expected) => {
    expect(parseLocalSettings(text)).toEqual(expected);
  });

  it.each([
    ['{', '(document) is not valid JSON'],
    ['[]', '(document) must be a JSON object'],
    [settingsFile({ PORT: 7071 }), 'Values.PORT must be a string, got number'],
    [settingsFile({ FLAG: null }), 'Values.FLAG must be a string, got null'],
    [settingsFile(['a']), 'Values must be an object'],
    [settingsFile({}, { IsEncrypted: true }), 'IsEncrypted is true'],
    [settingsFile({}, { IsEncrypted: 'no' }), 'IsEncrypted must be a boolean'],
  ])('%s is refused: %s', (text, message) => {
    expect(() => parseLocalSettings(text, 'local.settings.json')).toThrow(`local.settings.json: ${message}`);
  });

  it('round-trips any string values', () => {
    fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (values) => {
      expect(parseLocalSettings(settingsFile(values))).toEqual(values);
    }));
  });
});

describe('readLocalSettings', () => {
  it('reads a file (with a BOM) and names a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-settings-'));
    const path = join(dir, 'local.settings.json');
    writeFileSync(path, '\uFEFF' + settingsFile({ TASK_HUB_NAME: 'hub' }));
    expect(readLocalSettings(path)).toEqual({ TASK_HUB_NAME: 'hub' });
    expect(() => readLocalSettings(join(dir, 'absent.json'))).toThrow(`${join(dir, 'absent.json')}: (file) cannot be read`);
  });
});
