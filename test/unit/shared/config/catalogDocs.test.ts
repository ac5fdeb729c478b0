import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRODUCT_SETTINGS, STORE_SETTINGS } from '../../../../shared/config';
import { BUILT_IN_DEFAULTS } from '../../../../shared/config/catalogSchema';
import { catalogJsonSchema } from '../../../../shared/config/writeCatalogSchema';

type SchemaNode = { properties?: Record<string, SchemaNode>; items?: SchemaNode; anyOf?: SchemaNode[]; oneOf?: SchemaNode[]; default?: unknown };

/** Every field path of the catalog (`images[].targetRegions[].replicas`), read from the generated JSON Schema. */
function fieldPaths(node: SchemaNode, path = ''): string[] {
  const own = Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const childPath = path === '' ? key : `${path}.${key}`;
    return [childPath, ...fieldPaths(child, childPath)];
  });
  const items = node.items ? fieldPaths(node.items, `${path}[]`) : [];
  const variants = [...(node.anyOf ?? []), ...(node.oneOf ?? [])].flatMap((v) => fieldPaths(v, path));
  return [...new Set([...own, ...items, ...variants])];
}

const docs = readFileSync('docs/catalog.md', 'utf8');
const rowFor = (name: string) => docs.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));

describe('docs/catalog.md', () => {
  const paths = fieldPaths(catalogJsonSchema() as SchemaNode);

  it('has a table row for every catalog field', () => {
    expect(paths.length).toBeGreaterThan(90);
    expect(paths.filter((p) => rowFor(p) === undefined)).toEqual([]);
  });

  it('documents no field the schema does not have', () => {
    const documented = [...docs.matchAll(/^\| `([$\w.[\]]+)` \|/gm)].map((m) => m[1] ?? '');
    const settings = new Set<string>([...PRODUCT_SETTINGS.map((s) => s.name), ...Object.values(STORE_SETTINGS)]);
    expect(documented.filter((d) => !paths.includes(d) && !settings.has(d))).toEqual([]);
  });

  it('states the built-in default of every inheritable field exactly as the code applies it', () => {
    const { definition, rebuild, retention, customizationTimeoutSeconds } = BUILT_IN_DEFAULTS;
    const leaves: [string, unknown][] = [
      ...Object.entries(definition).map(([k, v]): [string, unknown] => [`images[].definition.${k}`, v]),
      ...Object.entries(rebuild).map(([k, v]): [string, unknown] => [`images[].rebuild.${k}`, v]),
      ...Object.entries(retention).map(([k, v]): [string, unknown] => [`images[].retention.${k}`, v]),
      ['defaults.customizationTimeoutSeconds', customizationTimeoutSeconds],
    ];
    for (const [path, value] of leaves) {
      const defaultCell = rowFor(path)?.split(' | ')[2];
      expect(defaultCell, path).toBe(`\`${String(value)}\``);
    }
  });

  it('has a row for every app setting with its required flag and default', () => {
    for (const setting of PRODUCT_SETTINGS) {
      const row = rowFor(setting.name);
      expect(row, setting.name).toBeDefined();
      expect(row).toContain(`| ${setting.required ? 'yes' : 'no'} |`);
      if ('default' in setting) expect(row).toContain(`\`${setting.default}\``);
    }
  });
});
