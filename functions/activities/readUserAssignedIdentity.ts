import type { ReadUserAssignedIdentityInput, ReadUserAssignedIdentityOutput } from '../contracts';
import type { IdentityPort } from '../../shared/ports/identityPort';

/** Whether `build.identity` exists, read before the build VM is created (ARM would refuse the VM an hour's wait later otherwise). */
export function createReadUserAssignedIdentityActivity(ports: { identities: IdentityPort }) {
  return async (input: ReadUserAssignedIdentityInput): Promise<ReadUserAssignedIdentityOutput> => ({
    exists: await ports.identities.userAssignedIdentityExists(input.identityId),
  });
}
