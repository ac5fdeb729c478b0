import type { RoleAssignmentItem, RoleDefinitionItem } from '../domain/policy/rbacItems';

export type { RoleAssignmentItem, RoleDefinitionItem };

/** A role assignment to create under a name the caller chose (a GUID), so a retried PUT is the same assignment. */
export interface NewRoleAssignment {
  scope: string;
  name: string;
  roleDefinitionId: string;
  principalId: string;
  /** Sent so ARM skips the directory lookup (a group created a moment ago may not have replicated yet). */
  principalType: string;
}

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

/** The reader assignments sharing writes; a capability of its own, so the policy scan only ever reads. */
export interface RoleAssignmentWritePort {
  /** PUT; `exists` when this assignment (or the same role for the same principal at the scope) is already there. */
  createRoleAssignment(assignment: NewRoleAssignment): Promise<'created' | 'exists'>;
  /** DELETE at `scope` by name; `gone` when it was not there. */
  deleteRoleAssignment(scope: string, name: string): Promise<'deleted' | 'gone'>;
}
