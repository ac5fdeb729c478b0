/** ARM refuses a VM nobody could log in to, and an administrator password it considers weak. */
import { badRequest } from './armError';
import { adminPasswordProblem } from './adminPassword';
import { arrayAt, objectAt, type JsonObject } from './json';

export function checkCredentials(osProfile: JsonObject | undefined, osType: 'Linux' | 'Windows'): void {
  const given = osProfile?.adminPassword;
  if (given !== undefined && given !== null && typeof given !== 'string') {
    throw badRequest('InvalidParameter', "'properties.osProfile.adminPassword' must be a string.");
  }
  const password = typeof given === 'string' && given !== '' ? given : undefined;
  if (osType === 'Windows') {
    if (!password) throw badRequest('InvalidParameter', "'properties.osProfile.adminPassword' is required for Windows VMs.");
  } else {
    const linux = objectAt(osProfile, 'linuxConfiguration');
    const keys = arrayAt(objectAt(linux, 'ssh'), 'publicKeys') ?? [];
    const passwordDisabled = linux?.disablePasswordAuthentication === true;
    if (keys.length === 0 && (passwordDisabled || !password)) {
      throw badRequest('InvalidParameter', passwordDisabled
        ? "'properties.osProfile.linuxConfiguration.ssh.publicKeys' needs a key when password authentication is disabled."
        : "'properties.osProfile' needs 'adminPassword' or 'linuxConfiguration.ssh.publicKeys' for Linux VMs.");
    }
  }
  const problem = password === undefined ? undefined : adminPasswordProblem(password, osType);
  if (problem) throw badRequest('InvalidParameter', `${problem} (target: 'properties.osProfile.adminPassword').`);
}
