/**
 * What ARM's resource SKUs report for a VM size (`CpuArchitectureType`, `TrustedLaunchDisabled`,
 * `ConfidentialComputingType`), for the size families a test is likely to ask for. Sizes no family matches are
 * treated as x64 general-purpose sizes with trusted launch and without confidential computing, the common case.
 * Facts from learn.microsoft.com: azure/virtual-machines/trusted-launch (sizes), the Dpsv5/Epsv5 size pages (Arm64)
 * and azure/confidential-computing/virtual-machine-solutions (DCasv5/ECasv5, DCesv5/ECesv5).
 */
export interface SizeCapabilities {
  architecture: 'x64' | 'Arm64';
  trustedLaunch: boolean;
  confidentialVm: boolean;
}

const FAMILIES: readonly (SizeCapabilities & { pattern: RegExp })[] = [
  { pattern: /^Standard_[DE]\d+pl?d?s_v5$/i, architecture: 'Arm64', trustedLaunch: false, confidentialVm: false },
  { pattern: /^Standard_(DC|EC)\d+[ae]d?s_v5$/i, architecture: 'x64', trustedLaunch: true, confidentialVm: true },
  { pattern: /^Standard_E\d+ad?s_v5$/i, architecture: 'x64', trustedLaunch: false, confidentialVm: false },
  { pattern: /^Standard_M\d+[a-z]*(_v2)?$/i, architecture: 'x64', trustedLaunch: false, confidentialVm: false },
];

export function sizeCapabilities(vmSize: string): SizeCapabilities {
  return FAMILIES.find((f) => f.pattern.test(vmSize)) ?? { architecture: 'x64', trustedLaunch: true, confidentialVm: false };
}
