import type { ImageDefinitionSpec, OsState, OsType, StorageAccountType } from '../domain/catalog';
import type { ImportSource } from '../domain/importSource';

export interface ImageDefinitionRef {
  subscriptionId: string;
  resourceGroup: string;
  galleryName: string;
  imageName: string;
}

export interface ImageDefinitionView {
  id: string;
  name: string;
  location: string;
  osType: OsType;
  osState: OsState;
  /** `Succeeded` once usable; a definition still `Creating` cannot take versions yet. */
  provisioningState: string;
  tags: Record<string, string>;
}

/** What the catalog declares for a definition the gallery does not have yet. */
export interface CreateImageDefinitionSpec {
  location: string;
  definition: ImageDefinitionSpec;
  tags: Record<string, string>;
}

export type ReplicationState = 'Unknown' | 'InProgress' | 'Completed' | 'Failed';

export interface RegionReplicationView {
  region: string;
  state: ReplicationState;
  details?: string;
}

export interface VersionTargetRegion {
  name: string;
  replicas: number;
  storageAccountType?: StorageAccountType;
  excludeFromLatest?: boolean;
}

/** A compact view of a gallery image version: what activities hand to orchestrations, never the SDK model. */
export interface ImageVersionView {
  id: string;
  name: string;
  location: string;
  provisioningState: string;
  publishedDate: string | null;
  excludeFromLatest: boolean;
  endOfLifeDate: string | null;
  blockDeletionBeforeEndOfLife: boolean;
  tags: Record<string, string>;
  targetRegions: VersionTargetRegion[];
  replication: { state: ReplicationState; regions: RegionReplicationView[] };
}

/** Builds and captures create from a VM (`sourceVmId`); imports from a managed image, snapshot, disk or VHD. */
export type CreateImageVersionSpec = CreateVersionCommon & ({ sourceVmId: string } | { importSource: ImportSource });

interface CreateVersionCommon {
  location: string;
  targetRegions: VersionTargetRegion[];
  excludeFromLatest: boolean;
  tags: Record<string, string>;
}

export interface UpdateImageVersionSpec {
  targetRegions?: VersionTargetRegion[];
  excludeFromLatest?: boolean;
  /** Replaces the version's tags (ARM PATCH semantics): pass the current ones with the change. */
  tags?: Record<string, string>;
}

/**
 * Gallery reads and writes. Writes START an operation and return once ARM accepted it; callers read the
 * resource again to follow progress (docs/architecture.md#waiting-on-arm: no activity waits on a long-running operation).
 */
export interface GalleryPort {
  getImageDefinition(ref: ImageDefinitionRef): Promise<ImageDefinitionView>;
  /** PUT of a definition from the catalog; only ever called for one that does not exist (properties are immutable). */
  startCreateImageDefinition(ref: ImageDefinitionRef, spec: CreateImageDefinitionSpec): Promise<void>;
  /** One paged list with `$expand=ReplicationStatus`, never a GET per version. */
  listImageVersions(ref: ImageDefinitionRef): Promise<ImageVersionView[]>;
  getImageVersion(ref: ImageDefinitionRef, version: string): Promise<ImageVersionView>;
  /** Create only: an existing version is left as it is and the call fails with CONFLICT (or VERSION_CONFLICT). */
  startCreateImageVersion(ref: ImageDefinitionRef, version: string, spec: CreateImageVersionSpec): Promise<void>;
  startUpdateImageVersion(ref: ImageDefinitionRef, version: string, spec: UpdateImageVersionSpec): Promise<void>;
}
