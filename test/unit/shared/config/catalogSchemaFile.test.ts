import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../shared/config';
import { catalogJsonSchema, catalogJsonSchemaText } from '../../../../shared/config/writeCatalogSchema';
import { aCatalog, setAt, toYaml, type Doc } from './catalogBuilder';

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
// Compiled once per file: compiling is the slow part, and the validator keeps no state between documents.
const validate = ajv.compile(catalogJsonSchema());

describe('catalog.schema.json', () => {
  it('is up to date with the zod schema (run `npm run schema` when this fails)', () => {
    expect(readFileSync('catalog.schema.json', 'utf8')).toBe(catalogJsonSchemaText());
  });

  it('compiles under ajv strict mode and accepts the sample catalog', () => {
    expect(validate(parse(readFileSync('catalog.sample.yaml', 'utf8')))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  // The editor must never flag what the loader accepts; these are accepted spellings the loader normalizes.
  it.each<[string, (d: Doc) => Doc]>([
    ['the builder catalog', (d) => d],
    ['display-name regions', (d) => setAt(d, 'gallery.location', 'West Europe')],
    ['lower-case ARM ID words', (d) => setAt(d, 'scopes.usage[0]', '/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/resourcegroups/rg-x')],
    ['a gallery base image', (d) => setAt(d, 'images[0].baseImage', { type: 'gallery', imageId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/microsoft.compute/galleries/g/images/i' })],
  ])('accepts what loadCatalog accepts: %s', (_name, change) => {
    const doc = change(aCatalog());
    expect(() => loadCatalog(toYaml(doc))).not.toThrow();
    expect(validate(doc)).toBe(true);
  });

  it.each<[string, (d: Doc) => Doc, string]>([
    ['an unknown key', (d) => setAt(d, 'images[0].targetRegions', [{ name: 'westeurope', replica: 2 }]), '/images/0/targetRegions/0'],
    ['replicas out of range', (d) => setAt(d, 'defaults.targetRegions[0].replicas', 0), '/defaults/targetRegions/0/replicas'],
    ['an unknown storage type', (d) => setAt(d, 'defaults.targetRegions[0].storageAccountType', 'Standard_XRS'), '/defaults/targetRegions/0/storageAccountType'],
    ['a malformed subscription ID', (d) => setAt(d, 'gallery.subscriptionId', 'nope'), '/gallery/subscriptionId'],
  ])('rejects what the loader rejects field by field: %s', (_name, change, instancePath) => {
    expect(validate(change(aCatalog()))).toBe(false);
    expect((validate.errors ?? []).map((e) => e.instancePath)).toContain(instancePath);
  });
});

describe('catalog.schema.json agrees with loadCatalog', () => {
  it('property: whatever loadCatalog accepts after one random change, the JSON Schema accepts too', () => {
    const paths = ['gallery.name', 'gallery.location', 'staging.vmSize', 'images[0].definition.description', 'images[0].customization[0].inline[0]', 'images[1].versioning.major', 'defaults.targetRegions[1].replicas', 'images[0].baseImage.version', 'images[0].tags.team'];
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -5, max: 200 }), fc.constantFrom('latest', '1.2.3', 'North Europe')), (path, value) => {
        const doc = setAt(aCatalog(), path, value);
        let loads = true;
        try {
          loadCatalog(toYaml(doc));
        } catch {
          loads = false;
        }
        if (loads) expect(validate(doc)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
