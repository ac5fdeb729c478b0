/**
 * What a VM size can host, as data: the facts ARM's resource SKUs report as capabilities (`CpuArchitectureType`,
 * `TrustedLaunchDisabled`, `ConfidentialComputingType`), per size family, so a catalog asking a size for what it
 * cannot do fails at startup instead of an hour into a build.
 *
 * Sources (keep them next to the facts when a family is added):
 * - Arm64 families: https://learn.microsoft.com/azure/virtual-machines/sizes/general-purpose/dpsv5-series (and the
 *   Dpdsv5, Dplsv5, Dpldsv5, Epsv5, Epdsv5 pages): Ampere Altra, `CpuArchitectureType` Arm64.
 * - Trusted launch: https://learn.microsoft.com/azure/virtual-machines/trusted-launch#virtual-machines-sizes
 *   (supported: B, Dv4/Dsv4/Ddv4/Ddsv4/Dav4/Dasv4, Dv5/Dsv5/Ddv5/Ddsv5/Dasv5/Dadsv5/Dlsv5/Dldsv5, Fsv2, Ev4/Esv4/
 *   Edv4/Edsv4/Eav4/Easv4, Edv5/Edsv5; not yet: the Arm64 families, Easv5/Eadsv5, M-series).
 * - Confidential VMs: https://learn.microsoft.com/azure/confidential-computing/virtual-machine-solutions
 *   (DCasv5/DCadsv5/ECasv5/ECadsv5: AMD SEV-SNP; DCesv5/DCedsv5/ECesv5/ECedsv5: Intel TDX).
 *
 * A size no family matches is unknown: nothing is checked at startup (Azure adds sizes faster than this table) and
 * ARM's own check when the build VM is created is the backstop. A fact left out of an entry is not known either.
 */
import type { Architecture, SecurityType } from './catalog';

export interface SizeFamily {
  family: string;
  /** Matched against the whole size name, case-insensitively (ARM compares sizes that way). */
  pattern: RegExp;
  architecture: Architecture;
  /** false: the size reports `TrustedLaunchDisabled`; undefined: not known. */
  trustedLaunch?: boolean;
  /** Whether the size reports a `ConfidentialComputingType` able to host a confidential VM; undefined: not known. */
  confidentialVm?: boolean;
}

export const SIZE_FAMILIES: readonly SizeFamily[] = [
  { family: 'Dpsv5/Dpdsv5/Dplsv5/Dpldsv5 (Arm64)', pattern: /^Standard_D\d+pl?d?s_v5$/i, architecture: 'Arm64', trustedLaunch: false, confidentialVm: false },
  { family: 'Epsv5/Epdsv5 (Arm64)', pattern: /^Standard_E\d+pd?s_v5$/i, architecture: 'Arm64', trustedLaunch: false, confidentialVm: false },
  { family: 'DCasv5/DCadsv5/ECasv5/ECadsv5 (AMD SEV-SNP)', pattern: /^Standard_(DC|EC)\d+ad?s_v5$/i, architecture: 'x64', confidentialVm: true },
  { family: 'DCesv5/DCedsv5/ECesv5/ECedsv5 (Intel TDX)', pattern: /^Standard_(DC|EC)\d+ed?s_v5$/i, architecture: 'x64', confidentialVm: true },
  { family: 'Dv4/Dsv4/Ddv4/Ddsv4/Dav4/Dasv4', pattern: /^Standard_D\d+a?d?s?_v4$/i, architecture: 'x64', trustedLaunch: true, confidentialVm: false },
  { family: 'Dv5/Dsv5/Ddv5/Ddsv5/Dasv5/Dadsv5/Dlsv5/Dldsv5', pattern: /^Standard_D\d+[al]?d?s?_v5$/i, architecture: 'x64', trustedLaunch: true, confidentialVm: false },
  { family: 'Ev4/Esv4/Edv4/Edsv4/Eav4/Easv4', pattern: /^Standard_E\d+a?d?s?_v4$/i, architecture: 'x64', trustedLaunch: true, confidentialVm: false },
  { family: 'Ev5/Esv5/Edv5/Edsv5', pattern: /^Standard_E\d+d?s?_v5$/i, architecture: 'x64', trustedLaunch: true, confidentialVm: false },
  { family: 'Easv5/Eadsv5', pattern: /^Standard_E\d+ad?s_v5$/i, architecture: 'x64', trustedLaunch: false, confidentialVm: false },
  { family: 'Fsv2', pattern: /^Standard_F\d+s_v2$/i, architecture: 'x64', trustedLaunch: true, confidentialVm: false },
  { family: 'B-series', pattern: /^Standard_B\d+(ls|s|ms)$/i, architecture: 'x64', trustedLaunch: true, confidentialVm: false },
  { family: 'M-series', pattern: /^Standard_M\d+[a-z]*(_v2)?$/i, architecture: 'x64', trustedLaunch: false, confidentialVm: false },
];

export function sizeFamily(vmSize: string): SizeFamily | undefined {
  return SIZE_FAMILIES.find((f) => f.pattern.test(vmSize));
}

/**
 * Why `vmSize` cannot host a build VM of this definition, one reason per unmet need; empty when it can or when the
 * size is unknown. Only TrustedLaunch and ConfidentialVM ask anything of the size: the `…Supported` types and
 * Standard build on a standard VM (docs/catalog.md#build-options).
 */
export function sizeProblems(vmSize: string, need: { architecture: Architecture; securityType: SecurityType }): string[] {
  const family = sizeFamily(vmSize);
  if (family === undefined) return [];
  const problems: string[] = [];
  if (family.architecture !== need.architecture) {
    problems.push(`${vmSize} (${family.family}) is ${family.architecture}, but the definition's architecture is ${need.architecture}`);
  }
  if (need.securityType === 'TrustedLaunch' && family.trustedLaunch === false) {
    problems.push(`${vmSize} (${family.family}) does not support trusted launch, but the definition's securityType is TrustedLaunch`);
  }
  if (need.securityType === 'ConfidentialVM' && family.confidentialVm === false) {
    problems.push(`${vmSize} (${family.family}) cannot host a confidential VM, but the definition's securityType is ConfidentialVM (use DCasv5/ECasv5 or DCesv5/ECesv5)`);
  }
  return problems;
}
