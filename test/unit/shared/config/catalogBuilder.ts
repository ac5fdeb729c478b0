import { stringify } from 'yaml';
import { parsePath } from '../../../../shared/config/Problem';

/**
 * A small valid catalog document (plain data, as YAML would parse) that tests change one path at a time,
 * so each bad-input case states only what it breaks.
 */
export type Doc = Record<string, unknown>;

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
const rg = (name: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${name}`;

export function linuxImage(name = 'ubuntu-2204-base', sku = '22_04-lts-gen2'): Doc {
  return {
    name,
    definition: { publisher: 'contoso', offer: 'ubuntu', sku, osType: 'Linux' },
    baseImage: { type: 'marketplace', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2' },
    customization: [
      { name: 'patch', type: 'shell', inline: ['apt-get update'] },
      { name: 'harden', type: 'shell', scriptUri: 'https://example.com/harden.sh', sha256: 'a'.repeat(64) },
    ],
  };
}

export function windowsImage(name = 'windows-2022-base'): Doc {
  return {
    name,
    definition: { publisher: 'contoso', offer: 'windows', sku: '2022-datacenter', osType: 'Windows' },
    baseImage: { type: 'marketplace', publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition' },
    customization: [{ name: 'baseline', type: 'powershell', inline: ['Write-Host hi'] }],
    versioning: { scheme: 'date', major: 1 },
  };
}

export function aCatalog(): Doc {
  return {
    gallery: { subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-images', name: 'gal_test', location: 'westeurope' },
    staging: {
      resourceGroup: 'rg-image-staging',
      subnetId: `${rg('rg-image-staging')}/providers/Microsoft.Network/virtualNetworks/vnet-build/subnets/snet-build`,
    },
    scopes: { capture: [rg('rg-captures')], usage: [`/subscriptions/${SUBSCRIPTION}`] },
    defaults: {
      targetRegions: [{ name: 'westeurope', replicas: 2 }, { name: 'northeurope' }],
    },
    images: [linuxImage(), windowsImage()],
  };
}

function segmentsOf(path: string): (string | number)[] {
  const segments = parsePath(path);
  if (segments === undefined) throw new Error(`bad test path ${path}`);
  return segments;
}

function parentOf(doc: Doc, segments: (string | number)[]): Record<string | number, unknown> {
  let node: unknown = doc;
  for (const segment of segments.slice(0, -1)) {
    const container = node as Record<string | number, unknown>;
    if (container[segment] === undefined) container[segment] = typeof segment === 'number' ? [] : {};
    node = container[segment];
  }
  return node as Record<string | number, unknown>;
}

/** Sets `path` (e.g. `images[0].targetRegions[0].replicas`), creating mappings on the way. Returns the doc. */
export function setAt(doc: Doc, path: string, value: unknown): Doc {
  const segments = segmentsOf(path);
  const last = segments[segments.length - 1] as string | number;
  parentOf(doc, segments)[last] = value;
  return doc;
}

export function removeAt(doc: Doc, path: string): Doc {
  const segments = segmentsOf(path);
  const last = segments[segments.length - 1] as string | number;
  delete parentOf(doc, segments)[last];
  return doc;
}

export const toYaml = (doc: unknown): string => stringify(doc);
