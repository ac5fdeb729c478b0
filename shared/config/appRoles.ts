/**
 * The app's own roles as infra deploys them. The JSON is imported (and so shipped in dist/) rather than read from
 * disk at run time: the deployed package then always carries the very roles it was built and tested against.
 */
import buildOperator from '../../infra/roles/build-operator.json';
import capture from '../../infra/roles/capture-operator.json';
import gallerySharing from '../../infra/roles/gallery-sharing.json';
import imagePublisher from '../../infra/roles/image-publisher.json';
import policyReader from '../../infra/roles/policy-reader.json';
import subscriptionReader from '../../infra/roles/subscription-reader.json';
import usageReader from '../../infra/roles/usage-reader.json';
import subnetJoin from '../../infra/subnet-join-role.json';
import type { DeclaredAppRole } from '../domain/policy/appRoles';
import { parseAppRoleDefinition } from '../domain/policy/parseAppRoleDefinition';

const ROLE_FILES: Record<string, unknown> = {
  'infra/roles/image-publisher.json': imagePublisher,
  'infra/roles/build-operator.json': buildOperator,
  'infra/roles/capture-operator.json': capture,
  'infra/roles/usage-reader.json': usageReader,
  'infra/roles/subscription-reader.json': subscriptionReader,
  'infra/roles/policy-reader.json': policyReader,
  'infra/roles/gallery-sharing.json': gallerySharing,
};

/** Throws at load, naming the file and field, if a role file is invalid: the scan would judge the app wrongly. */
export function loadAppRoles(): DeclaredAppRole[] {
  const roles: DeclaredAppRole[] = [];
  for (const [file, raw] of Object.entries(ROLE_FILES)) {
    const parsed = parseAppRoleDefinition(raw);
    if (!parsed.ok) throw new Error(`INVALID_ROLE_FILE: ${file}: ${parsed.problem}`);
    roles.push({ roleName: parsed.value.roleName, assignTo: parsed.value.assignTo, permissions: parsed.value.permissions });
  }
  // infra/subnet-join-role.json has no assignTo of its own: infra assigns it on the build subnet alone.
  const join = parseAppRoleDefinition({ ...subnetJoin, assignTo: 'stagingResourceGroup' });
  if (!join.ok) throw new Error(`INVALID_ROLE_FILE: infra/subnet-join-role.json: ${join.problem}`);
  roles.push({ roleName: join.value.roleName, assignTo: 'buildSubnet', permissions: join.value.permissions });
  return roles;
}
