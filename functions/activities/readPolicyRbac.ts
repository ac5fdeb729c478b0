import { roleDefinitionGuid } from '../../shared/domain/policy/rbacRecords';
import { PortError } from '../../shared/ports/portError';
import type { RoleAssignmentItem, RoleAssignmentPort, RoleDefinitionItem } from '../../shared/ports/roleAssignmentPort';
import type { ReadPolicyRbacInput, ReadPolicyRbacOutput } from '../contracts';

/**
 * Assignments and the definitions they use, for one subscription. Listing definitions at the subscription misses
 * custom roles assignable only below it, so every referenced definition not listed is fetched by its ID (which names
 * the subscription it belongs to): only a 404 there means "deleted".
 */
export function createReadPolicyRbacActivity(ports: { roleAssignments: RoleAssignmentPort }) {
  return async (input: ReadPolicyRbacInput): Promise<ReadPolicyRbacOutput> => {
    let assignments: RoleAssignmentItem[];
    let listed: RoleDefinitionItem[];
    try {
      [assignments, listed] = await Promise.all([ports.roleAssignments.listRoleAssignments(input.scope), ports.roleAssignments.listRoleDefinitions(input.scope)]);
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
    const fetched = await Promise.all([...missing.values()].map((id) => ports.roleAssignments.getRoleDefinitionById(id)));
    return { assignments, roleDefinitions: [...listed, ...fetched.filter((definition) => definition !== null)] };
  };
}
