import type { SharingChange, WriteReaderAssignmentOutput } from '../contracts';
import { PortError } from '../../shared/ports/portError';
import type { RoleAssignmentWritePort } from '../../shared/ports/roleAssignmentPort';

/**
 * Creates or deletes one reader assignment under the plan's deterministic name, so a retry is the same request. ARM
 * refusing (a principal that does not exist, no right to assign) is this change's failure, not the run's.
 */
export function createWriteReaderAssignmentActivity(ports: { roleAssignmentWrites: RoleAssignmentWritePort }) {
  return async (change: Extract<SharingChange, { model: 'reader' }>): Promise<WriteReaderAssignmentOutput> => {
    try {
      if (change.action === 'remove') return { status: await ports.roleAssignmentWrites.deleteRoleAssignment(change.scope, change.assignmentName) };
      const status = await ports.roleAssignmentWrites.createRoleAssignment({
        scope: change.scope,
        name: change.assignmentName,
        roleDefinitionId: change.roleDefinitionId,
        principalId: change.principalId,
        principalType: change.principalType ?? 'Group',
      });
      return { status };
    } catch (error) {
      // Throttling and an unavailable ARM are retried by the orchestration; anything else is recorded.
      if (error instanceof PortError && (error.code === 'THROTTLED' || error.code === 'ARM_UNAVAILABLE')) throw error;
      return { status: 'failed', reason: (error instanceof Error ? error.message : String(error)).slice(0, 500) };
    }
  };
}
