import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import type { TokenCredential } from '@azure/identity';
import { PortError } from '../../ports/portError';
import type { RoleAssignmentItem, RoleAssignmentPort, RoleAssignmentWritePort, RoleDefinitionItem } from '../../ports/roleAssignmentPort';
import { loadArmAuthorization, onFirstUse } from './azureSdk';
import { armCall } from './toPortError';

export interface RoleAssignmentAdapterSettings {
  /** e.g. https://management.azure.com, or the emulated ARM offline; the token scope derives from it. */
  armEndpoint: string;
  /** Extra CA to trust for ARM (PEM), offline only. */
  caPem: string | undefined;
  /** The classic client wants a subscription even for scope-based calls; the gallery's is used. */
  subscriptionId: string;
}

function toAssignmentItem(assignment: RoleAssignment): RoleAssignmentItem {
  return {
    id: assignment.id,
    scope: assignment.scope,
    roleDefinitionId: assignment.roleDefinitionId,
    principalId: assignment.principalId,
    principalType: assignment.principalType,
  };
}

function toDefinitionItem(definition: RoleDefinition): RoleDefinitionItem {
  return {
    id: definition.id,
    roleName: definition.roleName,
    roleType: definition.roleType,
    permissions: definition.permissions?.map((block) => ({
      actions: block.actions,
      notActions: block.notActions,
      dataActions: block.dataActions,
      notDataActions: block.notDataActions,
    })),
    assignableScopes: definition.assignableScopes,
  };
}

/** Scopes go into the URL path as they are; a leading slash would double up (`//subscriptions/…`). */
function pathScope(scope: string): string {
  return scope.replace(/^\/+/, '');
}

/** The client (and the SDK) are made on the first call: only the policy scan and sharing use them. */
export function createRoleAssignmentAdapter(settings: RoleAssignmentAdapterSettings, credential: TokenCredential): RoleAssignmentPort & RoleAssignmentWritePort {
  const client = onFirstUse(
    () =>
      new (loadArmAuthorization().AuthorizationManagementClient)(credential, settings.subscriptionId, {
        endpoint: settings.armEndpoint,
        ...(settings.caPem === undefined ? {} : { tlsOptions: { ca: settings.caPem } }),
      }),
  );
  return {
    listRoleAssignments: (scope) =>
      armCall(`list role assignments at ${scope}`, async () => {
        const out: RoleAssignmentItem[] = [];
        for await (const assignment of client().roleAssignments.listForScope(pathScope(scope))) out.push(toAssignmentItem(assignment));
        return out;
      }),
    listRoleDefinitions: (scope) =>
      armCall(`list role definitions at ${scope}`, async () => {
        const out: RoleDefinitionItem[] = [];
        for await (const definition of client().roleDefinitions.list(pathScope(scope))) out.push(toDefinitionItem(definition));
        return out;
      }),
    getRoleDefinitionById: async (roleDefinitionId) => {
      try {
        return await armCall(`get role definition ${roleDefinitionId}`, async () => toDefinitionItem(await client().roleDefinitions.getById(pathScope(roleDefinitionId))));
      } catch (error) {
        if (error instanceof PortError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },
    createRoleAssignment: async (a) => {
      try {
        await armCall(`assign ${a.roleDefinitionId.split('/').pop() ?? ''} to ${a.principalId} at ${a.scope}`, () =>
          client().roleAssignments.create(pathScope(a.scope), a.name, { roleDefinitionId: a.roleDefinitionId, principalId: a.principalId, principalType: a.principalType }),
        );
        return 'created';
      } catch (error) {
        // The same role for the same principal at the scope under another name (made by hand): what was asked holds.
        if (error instanceof PortError && error.code === 'CONFLICT' && /RoleAssignmentExists/.test(error.message)) return 'exists';
        throw error;
      }
    },
    deleteRoleAssignment: (scope, name) =>
      armCall(`delete role assignment ${name} at ${scope}`, async () => {
        // ARM answers 204 without a body when there was nothing to delete.
        const deleted = await client().roleAssignments.delete(pathScope(scope), name);
        return deleted.id === undefined ? 'gone' : 'deleted';
      }),
  };
}
