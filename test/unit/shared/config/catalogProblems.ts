import { CatalogError, loadCatalog } from '../../../../shared/config';
import type { Problem } from '../../../../shared/config/Problem';
import { toYaml, type Doc } from './catalogBuilder';

/** The problems loadCatalog reports for a document; fails the test if it loads or throws anything else. */
export function problemsOf(doc: Doc | string): Problem[] {
  try {
    loadCatalog(typeof doc === 'string' ? doc : toYaml(doc), 'test.yaml');
  } catch (error) {
    if (error instanceof CatalogError) return error.problems;
    throw error;
  }
  throw new Error('expected a CatalogError, but the catalog loaded');
}
