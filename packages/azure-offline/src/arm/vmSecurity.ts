/**
 * A VM's `securityProfile` and what its size and image must offer for it, checked as ARM does on create: trusted
 * launch and confidential VMs need a size that supports them, an image of the size's architecture, and a
 * confidential VM's OS disk names its `securityEncryptionType`; a TrustedLaunch or ConfidentialVM gallery image boots only on
 * a VM of that security type.
 */
import { badRequest } from './armError';
import { booleanAt, objectAt, stringAt, type JsonObject } from './json';
import { sizeCapabilities } from './sizeCapabilities';

const SECURITY_TYPES = ['TrustedLaunch', 'ConfidentialVM'];
const ENCRYPTION_TYPES = ['VMGuestStateOnly', 'DiskWithVMGuestState', 'NonPersistedTPM'];

/** The profile as the VM keeps and returns it; undefined for a standard VM. */
export function readSecurityProfile(
  props: JsonObject,
  vm: { vmSize: string; imageArchitecture: 'x64' | 'Arm64'; imageSecurityType?: string; osDisk: JsonObject },
): JsonObject | undefined {
  const profile = objectAt(props, 'securityProfile');
  if (vm.imageSecurityType !== undefined && stringAt(profile, 'securityType') !== vm.imageSecurityType) {
    throw badRequest(
      'BadRequest',
      `The provided gallery image only supports creation of VMs and VM scale sets with '${vm.imageSecurityType}' security type.`,
    );
  }
  const size = sizeCapabilities(vm.vmSize);
  if (size.architecture !== vm.imageArchitecture) {
    throw badRequest(
      'BadRequest',
      `The selected VM size '${vm.vmSize}' cannot boot an image of architecture '${vm.imageArchitecture}': the size's CpuArchitectureType is '${size.architecture}'.`,
    );
  }
  if (profile === undefined) return undefined;
  const securityType = stringAt(profile, 'securityType');
  if (securityType === undefined) return { ...profile };
  if (!SECURITY_TYPES.includes(securityType)) {
    throw badRequest('InvalidParameter', `'properties.securityProfile.securityType' must be one of ${SECURITY_TYPES.join(', ')}; got '${securityType}'.`);
  }
  if (securityType === 'TrustedLaunch' && !size.trustedLaunch) {
    throw badRequest('BadRequest', `The VM size '${vm.vmSize}' does not support TrustedLaunch (the size reports TrustedLaunchDisabled).`);
  }
  if (securityType === 'ConfidentialVM') {
    if (!size.confidentialVm) throw badRequest('BadRequest', `The VM size '${vm.vmSize}' does not support ConfidentialVM (the size reports no ConfidentialComputingType).`);
    const encryption = stringAt(objectAt(objectAt(vm.osDisk, 'managedDisk'), 'securityProfile'), 'securityEncryptionType');
    if (encryption === undefined || !ENCRYPTION_TYPES.includes(encryption)) {
      throw badRequest(
        'InvalidParameter',
        `'properties.storageProfile.osDisk.managedDisk.securityProfile.securityEncryptionType' must be one of ${ENCRYPTION_TYPES.join(', ')} for a ConfidentialVM; got '${String(encryption)}'.`,
      );
    }
  }
  const uefi = objectAt(profile, 'uefiSettings');
  return {
    securityType,
    uefiSettings: { secureBootEnabled: booleanAt(uefi, 'secureBootEnabled') ?? false, vTpmEnabled: booleanAt(uefi, 'vTpmEnabled') ?? false },
  };
}
