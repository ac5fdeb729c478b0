import { buildPolicyReport, type PolicyScanData } from '../../shared/domain/policy/buildPolicyReport';
import type { NamedResource } from '../../shared/domain/policy/evaluateNames';
import type { PolicyReport } from '../../shared/domain/policy/finding';
import { roleDefinitionGuid } from '../../shared/domain/policy/rbacRecords';
import { PortError } from '../../shared/ports/portError';
import type { RoleAssignmentItem, RoleAssignmentPort, RoleDefinitionItem } from '../../shared/ports/rbac';
import type { GalleryInventoryPort, NamedArmResource } from '../../shared/ports/rbacGalleryInventory';
import type { ListPolicyNamesInput, ReadPolicyRbacInput, ReadPolicyRbacOutput } from '../contracts/policy';

/**
 * Assignments and the definitions they use, for one subscription. Listing definitions at the subscription misses
 * custom roles assignable only below it, so every referenced definition not listed is fetched by its ID (which names
 * the subscription it belongs to): only a 404 there means "deleted".
 */
export function createReadPolicyRbacActivity(ports: { rbac: RoleAssignmentPort }) {
  return async (input: ReadPolicyRbacInput): Promise<ReadPolicyRbacOutput> => {
    let assignments: RoleAssignmentItem[];
    let listed: RoleDefinitionItem[];
    try {
      [assignments, listed] = await Promise.all([ports.rbac.listRoleAssignments(input.scope), ports.rbac.listRoleDefinitions(input.scope)]);
    } catch (error) {
      const noAccess = error instanceof PortError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND');
      if (input.noAccessAsFinding === true && noAccess) return { assignments: [], roleDefinitions: [], unreadable: error.message };
      throw error;
    }
    const known = new Set(listed.flatMap((definition) => (definition.id === undefined ? [] : [roleDefinitionGuid(definition.id)])));
    const missing = new Map<string, string>();
    for (const assignment of assignments) {
      const id = assignment.roleDefinitionId;
      if (id === undefined || id.trim() === '') continue;
      const guid = roleDefinitionGuid(id);
      if (!known.has(guid) && !missing.has(guid)) missing.set(guid, id);
    }
    const fetched = await Promise.all([...missing.values()].map((id) => ports.rbac.getRoleDefinitionById(id)));
    return { assignments, roleDefinitions: [...listed, ...fetched.filter((definition) => definition !== null)] };
  };
}

/**
 * The names a scan checks: every gallery of the subscription with its definitions and versions, whether the catalog
 * manages it or not. Something deleted between the list and its children's list has nothing left to check, so
 * NOT_FOUND there is skipped rather than failing the scan.
 */
export function createListPolicyNamesActivity(ports: { galleryInventory: GalleryInventoryPort }) {
  const { galleryInventory } = ports;
  const unlessGone = async (list: Promise<NamedArmResource[]>): Promise<NamedArmResource[]> => {
    try {
      return await list;
    } catch (error) {
      if (error instanceof PortError && error.code === 'NOT_FOUND') return [];
      throw error;
    }
  };
  return async (input: ListPolicyNamesInput): Promise<NamedResource[]> => {
    const out: NamedResource[] = [];
    for (const gallery of await galleryInventory.listGalleries(input.subscriptionId)) {
      out.push({ kind: 'gallery', name: gallery.name, id: gallery.id });
      const definitions = await unlessGone(galleryInventory.listImageDefinitions(gallery.id));
      const versions = await Promise.all(definitions.map((definition) => unlessGone(galleryInventory.listImageVersions(definition.id))));
      definitions.forEach((definition, index) => {
        out.push({ kind: 'imageDefinition', name: definition.name, id: definition.id });
        for (const version of versions[index] ?? []) out.push({ kind: 'version', name: version.name, id: version.id });
      });
    }
    return out;
  };
}

/** The decision: pure, so its output recorded in history is the report. */
export function planPolicyReportActivity(input: PolicyScanData): PolicyReport {
  return buildPolicyReport(input);
}
