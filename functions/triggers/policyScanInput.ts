import type { Catalog } from '../../shared/domain/catalog';
import type { DeclaredAppRole } from '../../shared/domain/policy/appRoles';
import type { PolicyScanInput } from '../contracts/policy';

/** Orchestrators never read config (docs/architecture.md#orchestrators-never-read-config): the scan gets its slice of the catalog and the app's roles. */
export function policyScanInputFor(catalog: Catalog, appRoles: DeclaredAppRole[], trigger: PolicyScanInput['trigger']): PolicyScanInput {
  return {
    catalog: {
      gallery: { ...catalog.gallery },
      staging: { ...catalog.staging },
      scopes: { capture: [...catalog.scopes.capture], usage: [...catalog.scopes.usage] },
      policy: catalog.policy,
    },
    appRoles,
    trigger,
  };
}
