import { readFileSync } from 'node:fs';
import type { Catalog } from '../domain/catalog';
import { CatalogError } from './CatalogError';
import { loadCatalog } from './loadCatalog';

/** Reads and validates the catalog file; every error names the file, so a startup failure says which one. */
export function readCatalogFile(path: string): Catalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CatalogError([{ path: '(file)', message: `cannot read the catalog file: ${reason}` }], path);
  }
  return loadCatalog(text, path);
}
