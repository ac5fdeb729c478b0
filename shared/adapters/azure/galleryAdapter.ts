import type { GalleryImageVersion, GalleryImageVersionStorageProfile } from '@azure/arm-compute';
import type { OsState, OsType, StorageAccountType } from '../../domain/catalog';
import type {
  CreateImageVersionSpec,
  GalleryPort,
  ImageDefinitionRef,
  ImageVersionView,
  RegionReplicationView,
  ReplicationState,
  VersionTargetRegion,
} from '../../ports/galleryPort';
import { normalizeRegion } from '../../domain/regions';
import { armCall } from './toPortError';
import type { ClientFor } from './clientFor';

const AGGREGATED: readonly ReplicationState[] = ['Unknown', 'InProgress', 'Completed', 'Failed'];

// Per-region ARM says `Replicating` where the aggregate says `InProgress`; one vocabulary downstream.
function toReplicationState(value: string | undefined): ReplicationState {
  if (value === 'Replicating') return 'InProgress';
  return AGGREGATED.find((s) => s === value) ?? 'Unknown';
}

const STORAGE: readonly StorageAccountType[] = ['Standard_LRS', 'Standard_ZRS', 'Premium_LRS', 'PremiumV2_LRS'];


function iso(value: Date | string | undefined): string | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function toImageVersionView(v: GalleryImageVersion): ImageVersionView {
  const profile = v.publishingProfile;
  const targetRegions: VersionTargetRegion[] = (profile?.targetRegions ?? []).map((r) => {
    const region: VersionTargetRegion = { name: normalizeRegion(r.name), replicas: r.regionalReplicaCount ?? profile?.replicaCount ?? 1 };
    const storage = STORAGE.find((s) => s === (r.storageAccountType ?? profile?.storageAccountType));
    if (storage) region.storageAccountType = storage;
    if (r.excludeFromLatest !== undefined) region.excludeFromLatest = r.excludeFromLatest;
    return region;
  });
  const regions: RegionReplicationView[] = (v.replicationStatus?.summary ?? []).map((s) => {
    const region: RegionReplicationView = { region: normalizeRegion(s.region ?? ''), state: toReplicationState(s.state) };
    if (s.details) region.details = s.details.slice(0, 500);
    return region;
  });
  return {
    id: v.id ?? '',
    name: v.name ?? '',
    location: normalizeRegion(v.location),
    provisioningState: v.provisioningState ?? 'Unknown',
    publishedDate: iso(profile?.publishedDate),
    excludeFromLatest: profile?.excludeFromLatest ?? false,
    endOfLifeDate: iso(profile?.endOfLifeDate),
    blockDeletionBeforeEndOfLife: v.safetyProfile?.blockDeletionBeforeEndOfLife ?? false,
    tags: { ...(v.tags ?? {}) },
    targetRegions,
    replication: { state: toReplicationState(v.replicationStatus?.aggregatedState), regions },
  };
}

function toTargetRegions(regions: VersionTargetRegion[]) {
  return regions.map((r) => ({
    name: r.name,
    regionalReplicaCount: r.replicas,
    ...(r.storageAccountType === undefined ? {} : { storageAccountType: r.storageAccountType }),
    ...(r.excludeFromLatest === undefined ? {} : { excludeFromLatest: r.excludeFromLatest }),
  }));
}

/**
 * The version's source as ARM takes it (GalleryRP): a VM or a managed image in `storageProfile.source`; a snapshot
 * or disk as `osDiskImage.source.id`; a VHD as `osDiskImage.source` with its URI and storage account.
 */
function versionStorageProfile(spec: CreateImageVersionSpec): GalleryImageVersionStorageProfile {
  if ('sourceVmId' in spec) return { source: { virtualMachineId: spec.sourceVmId } };
  const source = spec.importSource;
  switch (source.kind) {
    case 'managedImage':
      return { source: { id: source.id } };
    case 'snapshot':
    case 'disk':
      return { osDiskImage: { source: { id: source.id } } };
    case 'vhd':
      return { osDiskImage: { source: { uri: source.uri, storageAccountId: source.storageAccountId } } };
  }
}

const OS_TYPES: readonly OsType[] = ['Linux', 'Windows'];
const OS_STATES: readonly OsState[] = ['Generalized', 'Specialized'];

export function createGalleryAdapter(clientFor: ClientFor): GalleryPort {
  const versions = (ref: ImageDefinitionRef) => clientFor(ref.subscriptionId).galleryImageVersions;
  const label = (ref: ImageDefinitionRef, version?: string) =>
    `${ref.galleryName}/${ref.imageName}${version === undefined ? '' : `/${version}`}`;

  return {
    getImageDefinition: (ref) =>
      armCall(`get image definition ${label(ref)}`, async () => {
        const d = await clientFor(ref.subscriptionId).galleryImages.get(ref.resourceGroup, ref.galleryName, ref.imageName);
        return {
          id: d.id ?? '',
          name: d.name ?? ref.imageName,
          location: normalizeRegion(d.location),
          osType: OS_TYPES.find((t) => t === d.osType) ?? 'Linux',
          osState: OS_STATES.find((s) => s === d.osState) ?? 'Generalized',
          provisioningState: d.provisioningState ?? 'Succeeded',
          tags: { ...(d.tags ?? {}) },
        };
      }),

    startCreateImageDefinition: (ref, spec) =>
      armCall(`create image definition ${label(ref)}`, async () => {
        const d = spec.definition;
        const poller = clientFor(ref.subscriptionId).galleryImages.createOrUpdate(ref.resourceGroup, ref.galleryName, ref.imageName, {
          location: spec.location,
          tags: spec.tags,
          osType: d.osType,
          osState: d.osState,
          hyperVGeneration: d.hyperVGeneration,
          architecture: d.architecture,
          identifier: { publisher: d.publisher, offer: d.offer, sku: d.sku },
          features: [{ name: 'SecurityType', value: d.securityType }],
          ...(d.description === undefined ? {} : { description: d.description }),
        });
        await poller.submitted();
      }),

    listImageVersions: (ref) =>
      armCall(`list versions of ${label(ref)}`, async () => {
        const out: ImageVersionView[] = [];
        for await (const v of versions(ref).listByGalleryImage(ref.resourceGroup, ref.galleryName, ref.imageName)) {
          out.push(toImageVersionView(v));
        }
        return out;
      }),

    getImageVersion: (ref, version) =>
      armCall(`get version ${label(ref, version)}`, async () =>
        toImageVersionView(
          await versions(ref).get(ref.resourceGroup, ref.galleryName, ref.imageName, version, { expand: 'ReplicationStatus' }),
        ),
      ),

    startCreateImageVersion: (ref, version, spec) =>
      armCall(`create version ${label(ref, version)}`, async () => {
        const poller = versions(ref).createOrUpdate(ref.resourceGroup, ref.galleryName, ref.imageName, version, {
          location: spec.location,
          tags: spec.tags,
          publishingProfile: { targetRegions: toTargetRegions(spec.targetRegions), excludeFromLatest: spec.excludeFromLatest },
          storageProfile: versionStorageProfile(spec),
        }, {
          // Create only: an existing version is never rewritten by this PUT (412 → CONFLICT); where a service ignored
          // the header, a version from another source still answers 409 (its source is immutable).
          requestOptions: { headers: { 'if-none-match': '*' } },
        });
        // Only the initial PUT: the orchestration follows provisioning and replication with durable timers.
        await poller.submitted();
      }),

    startUpdateImageVersion: (ref, version, spec) =>
      armCall(`update version ${label(ref, version)}`, async () => {
        const publishingProfile: { targetRegions?: ReturnType<typeof toTargetRegions>; excludeFromLatest?: boolean } = {};
        if (spec.targetRegions !== undefined) publishingProfile.targetRegions = toTargetRegions(spec.targetRegions);
        if (spec.excludeFromLatest !== undefined) publishingProfile.excludeFromLatest = spec.excludeFromLatest;
        const poller = versions(ref).update(ref.resourceGroup, ref.galleryName, ref.imageName, version, {
          ...(Object.keys(publishingProfile).length > 0 ? { publishingProfile } : {}),
          ...(spec.tags === undefined ? {} : { tags: spec.tags }),
        });
        await poller.submitted();
      }),
  };
}
