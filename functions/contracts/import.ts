/**
 * Imports: `importImage` makes a gallery version from a managed image, snapshot, disk or VHD. Durable names are
 * persisted in orchestration history: never rename one that may be in flight, add a new one instead.
 */
import type { ImageSpec, NamingRules } from '../../shared/domain/catalog';
import type { ImportDecision, ImportSourceFacts } from '../../shared/domain/importEligibility';
import type { ImportSource } from '../../shared/domain/importSource';
import type { PollingSettings } from '../../shared/domain/polling';
import { activity, orchestrator } from '../durable/descriptors';
import type { BuildOutput, GalleryInput } from './build';
import type { FindCapturedVersionOutput, ImageDefinitionRef } from './gallery';

export type { ImportDecision, ImportSourceFacts } from '../../shared/domain/importEligibility';
export type { ImportSource } from '../../shared/domain/importSource';

export interface ImportInput {
  source: ImportSource;
  /** importSourceHash(source): the `autopilot-source` tag and the import lock's key. */
  sourceHash: string;
  image: ImageSpec;
  gallery: GalleryInput;
  captureScopes: string[];
  naming: NamingRules;
  polling: PollingSettings;
  maxReplicationRetries: number;
}

export interface ReadImportSourceInput {
  source: ImportSource;
}

/** `facts` is null for a VHD: ARM describes the blob's account, not what is inside it. */
export type ReadImportSourceOutput = { exists: false } | { exists: true; facts: ImportSourceFacts | null };

export interface PlanImportInput {
  source: ImportSource;
  facts: ImportSourceFacts | null;
  definition: { osType: ImageSpec['definition']['osType']; osState: ImageSpec['definition']['osState']; hyperVGeneration: ImageSpec['definition']['hyperVGeneration']; architecture: ImageSpec['definition']['architecture'] };
  image: string;
  captureScopes: string[];
  galleryLocation: string;
}

export interface FindImportedVersionInput {
  ref: ImageDefinitionRef;
  sourceHash: string;
}

/** The output of an import: a build output whose `alreadyImported` says the source was imported before. */
export type ImportOutput = BuildOutput & { alreadyImported?: boolean };

export const importImage = orchestrator<ImportInput, ImportOutput>('importImage');
export const readImportSource = activity<ReadImportSourceInput, ReadImportSourceOutput>('readImportSource');
export const planImport = activity<PlanImportInput, ImportDecision>('planImport');
export const findImportedVersion = activity<FindImportedVersionInput, FindCapturedVersionOutput>('findImportedVersion');
