/** Pure parts of the build VM's model: its tags and the security profile its definition asks for. */
import type { SecurityType } from './catalog';

/**
 * The build VM's tags: the image's tags, then `build.tags`, then Image Autopilot's own, each layer replacing a tag of
 * the same name in any case (Azure compares tag names case-insensitively, so two spellings would be one tag).
 * Autopilot's tags win: the sweeper and the running-build checks find build VMs by them.
 */
export function mergeBuildVmTags(...layers: readonly Record<string, string>[]): Record<string, string> {
  const byName = new Map<string, [string, string]>();
  for (const layer of layers) {
    for (const [name, value] of Object.entries(layer)) byName.set(name.toLowerCase(), [name, value]);
  }
  return Object.fromEntries(byName.values());
}

export type BuildVmSecurity =
  | { securityType: 'TrustedLaunch' }
  | { securityType: 'ConfidentialVM'; securityEncryptionType: 'VMGuestStateOnly' };

/**
 * The security profile the build VM needs so its image fits the definition: a TrustedLaunch or ConfidentialVM
 * definition only takes versions captured from such a VM. The `…Supported` types and Standard accept a standard
 * VM's image, so the build VM stays standard (and any size can build them). A confidential VM encrypts its guest
 * state only: full OS disk encryption would need a disk encryption set the catalog does not name.
 */
export function buildVmSecurity(securityType: SecurityType): BuildVmSecurity | null {
  if (securityType === 'TrustedLaunch') return { securityType };
  if (securityType === 'ConfidentialVM') return { securityType, securityEncryptionType: 'VMGuestStateOnly' };
  return null;
}
