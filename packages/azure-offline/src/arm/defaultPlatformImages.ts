/** A few real marketplace images (names as Azure publishes them) so a seedless emulator can create VMs. */
export const DEFAULT_PLATFORM_LOCATIONS = ['westeurope', 'northeurope', 'swedencentral', 'eastus', 'eastus2', 'westus2', 'westus3', 'uksouth'];

export const DEFAULT_PLATFORM_IMAGES = [
  { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', versions: ['24.04.202509090', '24.04.202510150'], osType: 'Linux' as const },
  { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', versions: ['22.04.202509110', '22.04.202510140'], osType: 'Linux' as const },
  { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', versions: ['20348.4171.250903', '20348.4294.251010'], osType: 'Windows' as const },
];
