/** Gallery reads and writes shared by builds and captures: definitions, version plans, creating and cleaning up versions. */
import type { BaseImage, ImageDefinitionSpec, NamingRules, VersioningScheme } from '../../shared/domain/catalog';
import type { NameViolation } from '../../shared/domain/names';
import type { CapturedVersionDisposition } from '../../shared/domain/versionRecovery';
import type { ImageSource } from '../../shared/ports/computePort';
import type {
  CreateImageVersionSpec,
  ImageDefinitionRef,
  ImageDefinitionView,
  ImageVersionView,
  UpdateImageVersionSpec,
} from '../../shared/ports/galleryPort';
import { activity } from '../durable/descriptors';

// Orchestrators see port vocabulary only through contracts (they may import contracts, not ports).
export type { CreateImageVersionSpec, ImageDefinitionRef, ImageDefinitionView, ImageVersionView } from '../../shared/ports/galleryPort';

export interface ResolveBaseImageInput {
  location: string;
  baseImage: BaseImage;
}

export interface ResolveBaseImageOutput {
  source: ImageSource;
  /** The exact base version: `publisher:offer:sku:version` or a gallery version ID. */
  exact: string;
  /** The `autopilot-base-image` tag value: `exact`, or its sha256 when longer than a tag value may be. */
  tag: string;
}

/**
 * One existing version as the version planner sees it. Histories recorded before the newest build provenance
 * (shared/domain/provenance.ts) decided the semver minor carry only `name` and `baseImage`; absent fields read as a
 * succeeded version serving latest whose only provenance tag is `baseImage`.
 */
export interface ExistingVersionFacts {
  name: string;
  baseImage?: string | null;
  provisioningState?: string;
  excludeFromLatest?: boolean;
  /** Its provenance tags only (provenanceTags: `autopilot-base-image`, `autopilot-recipe-sha256`). */
  tags?: Record<string, string>;
}

export interface PlanBuildVersionInput {
  versioning: VersioningScheme;
  existing: ExistingVersionFacts[];
  /** The new version's `autopilot-base-image` value; '' for a capture (the base image is then not compared). */
  baseImage: string;
  now: string;
  /** Names known to exist although the list may not show them yet (a conflict just reported them): never planned. */
  taken?: string[];
}

export interface PlanBuildVersionOutput {
  version: string;
  baseImageChanged: boolean;
}

export interface CheckNamesInput {
  gallery: string;
  image: string;
  version: string;
  naming: NamingRules;
}

export interface CheckNamesOutput {
  violations: NameViolation[];
}

export interface CreateImageVersionInput {
  ref: ImageDefinitionRef;
  version: string;
  spec: CreateImageVersionSpec;
}

/**
 * `alreadyExists`: this build's own version (a repeat of the create). `conflict`: the name belongs to another build or
 * capture (`detail` leads with VERSION_CONFLICT); nothing was written, the caller plans the next free version.
 */
export type CreateImageVersionOutput = { status: 'created' | 'alreadyExists' } | { status: 'conflict'; detail: string };

export interface DeleteOwnImageVersionInput {
  ref: ImageDefinitionRef;
  version: string;
  /** Only a version tagged with this build ID is deleted. */
  buildId: string;
}

/** `deleting`: the DELETE runs (started now or before); `gone`: 404; `kept`: not this run's, or promoted (`reason`). */
export type DeleteOwnImageVersionOutput = { status: 'deleting' | 'gone' } | { status: 'kept'; reason: string };

export interface ImageVersionRefInput {
  ref: ImageDefinitionRef;
  version: string;
}

export interface UpdateImageVersionInput {
  ref: ImageDefinitionRef;
  version: string;
  spec: UpdateImageVersionSpec;
}

export interface EnsureImageDefinitionInput {
  ref: ImageDefinitionRef;
  location: string;
  definition: ImageDefinitionSpec;
  tags: Record<string, string>;
}

export interface EnsureImageDefinitionOutput {
  status: 'exists' | 'creating';
  provisioningState: string;
  /**
   * The definition as read, when it exists: a settled one needs no second read. Absent in histories recorded before
   * it was added, which read it again as they did then.
   */
  definition?: ImageDefinitionView;
}

export interface FindCapturedVersionInput {
  ref: ImageDefinitionRef;
  vmIdHash: string;
}

export interface FindCapturedVersionOutput {
  /** The usable version captured from this VM (never a Failed or Deleting one), or null. */
  version: ImageVersionView | null;
  /** What the capture does with it (shared/domain/versionRecovery.ts); absent in histories recorded before it existed = `complete`. */
  disposition?: CapturedVersionDisposition | null;
  /** Versions of this VM that do not count as captured: `name (provisioningState)`. */
  skipped?: string[];
}

export const getImageDefinition = activity<ImageDefinitionRef, ImageDefinitionView>('getImageDefinition');
export const listImageVersions = activity<ImageDefinitionRef, ImageVersionView[]>('listImageVersions');
export const readImageVersion = activity<ImageVersionRefInput, ImageVersionView>('readImageVersion');
export const resolveBaseImage = activity<ResolveBaseImageInput, ResolveBaseImageOutput>('resolveBaseImage');
export const ensureImageDefinition = activity<EnsureImageDefinitionInput, EnsureImageDefinitionOutput>('ensureImageDefinition');
export const findCapturedVersion = activity<FindCapturedVersionInput, FindCapturedVersionOutput>('findCapturedVersion');
export const planBuildVersion = activity<PlanBuildVersionInput, PlanBuildVersionOutput>('planBuildVersion');
export const checkNames = activity<CheckNamesInput, CheckNamesOutput>('checkNames');
export const createImageVersion = activity<CreateImageVersionInput, CreateImageVersionOutput>('createImageVersion');
export const updateImageVersion = activity<UpdateImageVersionInput, null>('updateImageVersion');
/** A failing build or capture deletes the version it created (never another run's, never a promoted one). */
export const deleteOwnImageVersion = activity<DeleteOwnImageVersionInput, DeleteOwnImageVersionOutput>('deleteOwnImageVersion');
