import type { Architecture, HyperVGeneration, OsState, OsType } from '../../domain/catalog';
import type { ImportSourceFacts, ImportSourcePort } from '../../ports/importSourcePort';
import { parseResourceId } from '../../ports/resourceId';
import { normalizeRegion } from '../../domain/regions';
import type { ClientFor } from './clientFor';
import { armCall } from './toPortError';

const pick = <T extends string>(allowed: readonly T[], value: string | undefined): T | null =>
  allowed.find((a) => a.toLowerCase() === value?.toLowerCase()) ?? null;
const osType = (v: string | undefined) => pick<OsType>(['Linux', 'Windows'], v);
const osState = (v: string | undefined) => pick<OsState>(['Generalized', 'Specialized'], v);
const generation = (v: string | undefined) => pick<HyperVGeneration>(['V1', 'V2'], v);
const architecture = (v: string | undefined) => pick<Architecture>(['x64', 'Arm64'], v);

/**
 * Managed images report OS type and state on their OS disk and a generation (V1 when absent, as ARM documents);
 * snapshots and disks report OS type, generation and architecture, never an OS state.
 */
export function createImportSourceAdapter(clientFor: ClientFor): ImportSourcePort {
  return {
    getImportSource: (source) =>
      armCall(`get ${source.kind} ${source.id}`, async (): Promise<ImportSourceFacts> => {
        const id = parseResourceId(source.id);
        const client = clientFor(id.subscriptionId);
        if (source.kind === 'managedImage') {
          const image = await client.images.get(id.resourceGroup, id.name);
          const disk = image.storageProfile?.osDisk;
          return {
            id: image.id ?? source.id,
            name: image.name ?? id.name,
            location: normalizeRegion(image.location),
            osType: osType(disk?.osType),
            osState: osState(disk?.osState),
            hyperVGeneration: generation(image.hyperVGeneration ?? 'V1'),
            architecture: null,
          };
        }
        const resource = source.kind === 'snapshot' ? await client.snapshots.get(id.resourceGroup, id.name) : await client.disks.get(id.resourceGroup, id.name);
        return {
          id: resource.id ?? source.id,
          name: resource.name ?? id.name,
          location: normalizeRegion(resource.location),
          osType: osType(resource.osType),
          osState: null,
          hyperVGeneration: generation(resource.hyperVGeneration),
          architecture: architecture(resource.supportedCapabilities?.architecture),
        };
      }),
  };
}
