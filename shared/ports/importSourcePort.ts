import type { ImportSourceFacts } from '../domain/importEligibility';
import type { ResourceImportSource } from '../domain/importSource';

export type { ImportSourceFacts } from '../domain/importEligibility';

/** Reads what ARM says about an import source (a managed image, snapshot or disk); throws NOT_FOUND when it is gone. */
export interface ImportSourcePort {
  getImportSource(source: ResourceImportSource): Promise<ImportSourceFacts>;
}
