import type { ActualSharing, ReadSharingStateInput } from '../contracts';
import type { GallerySharingPort } from '../../shared/ports/galleryLifecyclePort';
import type { RoleAssignmentPort } from '../../shared/ports/roleAssignmentPort';

/**
 * Two reads whatever the catalog lists: the gallery with `$select=Permissions`, and one paged list of the role
 * assignments at and below the gallery (which covers every definition scope as well).
 */
export function createReadSharingStateActivity(ports: { gallerySharing: GallerySharingPort; roleAssignments: RoleAssignmentPort }) {
  return async (input: ReadSharingStateInput): Promise<ActualSharing> => {
    const profile = await ports.gallerySharing.getGallerySharingProfile(input.gallery);
    const listed = await ports.roleAssignments.listRoleAssignments(input.galleryId);
    const assignments = listed.flatMap((a) => {
      const name = a.id?.split('/').pop();
      if (name === undefined || a.scope === undefined || a.principalId === undefined || a.roleDefinitionId === undefined) return [];
      return [{ name, scope: a.scope, principalId: a.principalId, roleDefinitionId: a.roleDefinitionId, ...(a.principalType === undefined ? {} : { principalType: a.principalType }) }];
    });
    return { ...profile, assignments };
  };
}
