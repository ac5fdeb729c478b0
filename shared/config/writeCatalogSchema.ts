import { writeFileSync } from 'node:fs';
import * as z from 'zod';
import { catalogDocumentSchema } from './catalogSchema';

/**
 * The catalog's JSON Schema, generated from the zod document schema so editor completion and startup validation
 * cannot drift. Draft-07 because that is what YAML editors (yaml-language-server) and ajv support best. It
 * describes the YAML as written (`io: 'input'`), so inherited fields are optional; cross-field rules (unique
 * names, gallery region included, …) are beyond JSON Schema and run only in loadCatalog.
 */
export function catalogJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(catalogDocumentSchema, { io: 'input', target: 'draft-07' });
}

/** The exact file content (`npm run schema` writes it; a test fails when the committed copy is stale). */
export function catalogJsonSchemaText(): string {
  return `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`;
}

export function writeCatalogSchema(path: string): void {
  writeFileSync(path, catalogJsonSchemaText());
}

if (require.main === module) {
  const target = process.argv[2] ?? 'catalog.schema.json';
  writeCatalogSchema(target);
  console.log(`wrote ${target}`);
}
