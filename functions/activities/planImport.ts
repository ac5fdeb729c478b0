import type { ImportDecision, PlanImportInput } from '../contracts';
import { importEligibility } from '../../shared/domain/importEligibility';

/**
 * The `planImport` activity: the domain's import rule, recorded in history so a replay decides as the first run
 * did. The HTTP trigger applies the same rule before starting an import.
 */
export function planImport(input: PlanImportInput): ImportDecision {
  return importEligibility(input);
}
