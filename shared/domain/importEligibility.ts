import type { Architecture, HyperVGeneration, OsState, OsType } from './catalog';
import { SOURCE_FIELDS, SOURCE_LABELS, sourceScopeId, type ImportSource } from './importSource';
import { normalizeRegion } from './regions';
import { isInScope } from './scopes';

/** What ARM says about a managed image, snapshot or disk; null where ARM reports nothing (a disk has no OS state). */
export interface ImportSourceFacts {
  id: string;
  name: string;
  location: string;
  osType: OsType | null;
  osState: OsState | null;
  hyperVGeneration: HyperVGeneration | null;
  architecture: Architecture | null;
}

export interface ImportRequest {
  source: ImportSource;
  /** Null for a VHD (ARM knows nothing about its content) — and for a resource that was not found. */
  facts: ImportSourceFacts | null;
  definition: { osType: OsType; osState: OsState; hyperVGeneration: HyperVGeneration; architecture: Architecture };
  image: string;
  captureScopes: readonly string[];
  galleryLocation: string;
}

/**
 * `outside-scope`: the source (a VHD: its storage account) is not in a capture scope → 400. `mismatch`: the source
 * disagrees with the definition or the gallery's region → 422. `field` names the request or source field.
 */
export type ImportDecision = { accept: true } | { accept: false; kind: 'outside-scope' | 'mismatch'; field: string; reason: string };

/**
 * Whether a source may become a version of an image, decided before anything is created: in a capture scope (the
 * same scopes captures use), and — for what ARM describes — the definition's OS type, OS state, Hyper-V generation
 * and architecture, in the gallery's region (ARM creates a version only from a source there). Pure: the route and
 * the import orchestration (through planImport) decide the same way.
 */
export function importEligibility(input: ImportRequest): ImportDecision {
  const { source, facts, definition } = input;
  const label = SOURCE_LABELS[source.kind];
  const scoped = sourceScopeId(source);
  if (!input.captureScopes.some((scope) => isInScope(scoped, scope))) {
    const field = source.kind === 'vhd' ? 'source.storageAccountId' : SOURCE_FIELDS[source.kind];
    const what = source.kind === 'vhd' ? `storage account ${scoped}` : `${label} ${scoped}`;
    return { accept: false, kind: 'outside-scope', field, reason: `${what} is outside the catalog's capture scopes` };
  }
  if (facts === null) return { accept: true };
  const refuse = (field: string, reason: string): ImportDecision => ({ accept: false, kind: 'mismatch', field: `source.${field}`, reason: `${label} ${facts.name} ${reason}` });
  if (facts.osType !== null && facts.osType !== definition.osType) {
    return refuse('osType', `is ${facts.osType} but image ${input.image} is ${definition.osType}`);
  }
  if (facts.osState !== null && facts.osState !== definition.osState) {
    return refuse('osState', `is ${facts.osState} but image ${input.image} is ${definition.osState}`);
  }
  if (facts.hyperVGeneration !== null && facts.hyperVGeneration !== definition.hyperVGeneration) {
    return refuse('hyperVGeneration', `is Hyper-V generation ${facts.hyperVGeneration} but image ${input.image} is ${definition.hyperVGeneration}`);
  }
  if (facts.architecture !== null && facts.architecture !== definition.architecture) {
    return refuse('architecture', `is ${facts.architecture} but image ${input.image} is ${definition.architecture}`);
  }
  if (normalizeRegion(facts.location) !== normalizeRegion(input.galleryLocation)) {
    return refuse('location', `is in ${normalizeRegion(facts.location)}, but versions can only be created from a source in the gallery's region ${normalizeRegion(input.galleryLocation)}`);
  }
  return { accept: true };
}
