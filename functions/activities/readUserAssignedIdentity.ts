import type { ReadUserAssignedIdentityInput, ReadUserAssignedIdentityOutput } from '../contracts';
import type { IdentityPort } from '../../shared/ports/identityPort';

/** Whether `build.identity` exists (and its client ID, which the steps' log blobs are written as), read before the build VM is created (ARM would refuse the VM an hour's wait later otherwise). */
export function createReadUserAssignedIdentityActivity(ports: { identities: IdentityPort }) {
  return async (input: ReadUserAssignedIdentityInput): Promise<ReadUserAssignedIdentityOutput> => {
    const found = await ports.identities.readUserAssignedIdentity(input.identityId);
    return found === null ? { exists: false } : { exists: true, ...(found.clientId === undefined ? {} : { clientId: found.clientId }) };
  };
}
