import type { RoleAssignmentItem, RoleDefinitionItem } from '../domain/policy/rbacItems';

export type { RoleAssignmentItem, RoleDefinitionItem };

/** What the policy scan reads from Microsoft.Authorization. */
export interface RoleAssignmentPort {
  /**
   * Every assignment that applies at, above (management groups, root) or below `scope`: one paged list, so
   * scanning the subscription once covers its resource groups and resources.
   */
  listRoleAssignments(scope: string): Promise<RoleAssignmentItem[]>;
  /** Built-in and custom role definitions usable at `scope`. */
  listRoleDefinitions(scope: string): Promise<RoleDefinitionItem[]>;
  /** One definition by its full ID; null when it does not exist (deleted roles leave orphaned assignments). */
  getRoleDefinitionById(roleDefinitionId: string): Promise<RoleDefinitionItem | null>;
}
