import { galleryResourceId } from '../../shared/domain/policy/appRoles';
import { buildPolicyReport, type PolicyScanData } from '../../shared/domain/policy/buildPolicyReport';
import type { NamedResource } from '../../shared/domain/policy/evaluateNames';
import type { PolicyReport } from '../../shared/domain/policy/finding';
import { roleDefinitionGuid } from '../../shared/domain/policy/rbacRecords';
import type { GalleryPort } from '../../shared/ports/galleryPort';
import { PortError } from '../../shared/ports/portError';
import type { RoleAssignmentPort } from '../../shared/ports/rbac';
import type { ListPolicyNamesInput, ReadPolicyRbacInput, ReadPolicyRbacOutput } from '../orchestrators/policyContracts';

/**
 * Assignments and the definitions they use. Listing definitions at the subscription misses custom roles assignable
 * only below it, so every referenced definition not listed is fetched by ID: only a 404 there means "deleted".
 */
export function createReadPolicyRbacActivity(ports: { rbac: RoleAssignmentPort }) {
  return async (input: ReadPolicyRbacInput): Promise<ReadPolicyRbacOutput> => {
    const [assignments, listed] = await Promise.all([ports.rbac.listRoleAssignments(input.scope), ports.rbac.listRoleDefinitions(input.scope)]);
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
 * The names a scan checks: the gallery, each catalog image's definition and its versions. A definition that does not
 * exist yet has nothing live to check, so NOT_FOUND is skipped rather than failing the scan.
 */
export function createListPolicyNamesActivity(ports: { gallery: GalleryPort }) {
  return async (input: ListPolicyNamesInput): Promise<NamedResource[]> => {
    const { gallery } = input;
    const galleryId = galleryResourceId(gallery);
    const out: NamedResource[] = [{ kind: 'gallery', name: gallery.name, id: galleryId }];
    for (const image of input.images) {
      const ref = { subscriptionId: gallery.subscriptionId, resourceGroup: gallery.resourceGroup, galleryName: gallery.name, imageName: image };
      let versions: Awaited<ReturnType<GalleryPort['listImageVersions']>>;
      try {
        versions = await ports.gallery.listImageVersions(ref);
      } catch (error) {
        if (error instanceof PortError && error.code === 'NOT_FOUND') continue;
        throw error;
      }
      out.push({ kind: 'imageDefinition', name: image, id: `${galleryId}/images/${image}` });
      for (const version of versions) out.push({ kind: 'version', name: version.name, id: version.id });
    }
    return out;
  };
}

/** The decision: pure, so its output recorded in history is the report. */
export function planPolicyReportActivity(input: PolicyScanData): PolicyReport {
  return buildPolicyReport(input);
}
