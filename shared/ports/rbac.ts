/**
 * Role assignments and definitions as ARM returns them, reduced to plain data. Fields stay optional: a scan must
 * report malformed or partial items as findings (shared/domain/policy parses them), never fail on them.
 */
export interface RoleAssignmentItem {
  id?: string;
  scope?: string;
  roleDefinitionId?: string;
  principalId?: string;
  principalType?: string;
}

export interface RoleDefinitionItem {
  id?: string;
  roleName?: string;
  roleType?: string;
  permissions?: { actions?: string[]; notActions?: string[]; dataActions?: string[]; notDataActions?: string[] }[];
  assignableScopes?: string[];
}

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
