/**
 * Role assignments and definitions as ARM returns them, reduced to plain data. Fields stay optional: a scan must
 * report malformed or partial items as findings (parseRoleAssignment / parseRoleDefinition), never fail on them.
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
