import { z } from 'zod';
import type {
  Architecture,
  BaseImage,
  CustomizationStep,
  GallerySpec,
  HyperVGeneration,
  ImageDefinitionSpec,
  ImageSpec,
  OsState,
  OsType,
  PolicySpec,
  RebuildPolicy,
  RetentionPolicy,
  ScopesSpec,
  SecurityType,
  StagingSpec,
  StorageAccountType,
  TargetRegion,
  VersioningScheme,
} from '../domain/catalog';
import { DEFAULT_NAMING_CONVENTION } from '../domain/names';
import {
  INT32_MAX,
  galleryImageId,
  guid,
  httpsUrl,
  identifier,
  intIn,
  matching,
  nonEmpty,
  regexSource,
  regionName,
  resourceGroupName,
  scopeId,
  subnetId,
  tags,
} from './schemaFields';

/**
 * The catalog's zod schemas. Two layers share one set of field schemas:
 * - the *document* schemas describe the YAML as written (inheritable fields optional); the JSON Schema is generated
 *   from them, so editor completion and validation agree;
 * - the *resolved* schemas describe an image after `defaults` are merged in, and are checked against the domain
 *   types with `satisfies`, so a change to shared/domain/catalog.ts that the schema misses fails to compile.
 */

/** Type-level equality: the enums below must list exactly the domain unions, not a subset. */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exact = <T extends true>(): T | undefined => undefined;

const osType = z.enum(['Linux', 'Windows']);
const osState = z.enum(['Generalized', 'Specialized']);
const hyperVGeneration = z.enum(['V1', 'V2']);
const architecture = z.enum(['x64', 'Arm64']);
const securityType = z.enum([
  'Standard',
  'TrustedLaunchSupported',
  'TrustedLaunch',
  'ConfidentialVmSupported',
  'ConfidentialVM',
  'TrustedLaunchAndConfidentialVmSupported',
]);
export const storageAccountType = z.enum(['Standard_LRS', 'Standard_ZRS', 'Premium_LRS', 'PremiumV2_LRS']);
exact<Exact<z.infer<typeof osType>, OsType>>();
exact<Exact<z.infer<typeof osState>, OsState>>();
exact<Exact<z.infer<typeof hyperVGeneration>, HyperVGeneration>>();
exact<Exact<z.infer<typeof architecture>, Architecture>>();
exact<Exact<z.infer<typeof securityType>, SecurityType>>();
exact<Exact<z.infer<typeof storageAccountType>, StorageAccountType>>();

/** Built-in values for everything an image may inherit; `defaults` in the catalog override them (docs/catalog.md). */
export const BUILT_IN_DEFAULTS = {
  definition: { osState: 'Generalized', hyperVGeneration: 'V2', architecture: 'x64', securityType: 'TrustedLaunchSupported' },
  customizationTimeoutSeconds: 1800,
  versioning: { scheme: 'semver', major: 1 },
  rebuild: { onBaseImageChange: true, onRecipeChange: true, maxAgeDays: 30, pauseAfterFailures: 3 },
  retention: {
    keepLatest: 3,
    minAgeDays: 7,
    maxAgeDays: null,
    deprecateBeforeDeleteDays: 7,
    maxDeletionsPerRun: 10,
    maxDeleteShare: 0.5,
    protectTag: 'autopilot-retain',
    mode: 'dryRun',
  },
  tags: {},
} as const satisfies {
  definition: Pick<ImageDefinitionSpec, 'osState' | 'hyperVGeneration' | 'architecture' | 'securityType'>;
  customizationTimeoutSeconds: number;
  versioning: VersioningScheme;
  rebuild: RebuildPolicy;
  retention: RetentionPolicy;
  tags: Record<string, string>;
};

// --- gallery, staging, scopes -------------------------------------------------------------------------------

export const gallerySchema = z
  .strictObject({
    subscriptionId: guid,
    resourceGroup: resourceGroupName,
    name: nonEmpty(80),
    location: regionName,
    allowPruneWhenShared: z.boolean().default(false),
  })
  .describe('The one Azure Compute Gallery Image Autopilot manages.') satisfies z.ZodType<GallerySpec>;

export const stagingSchema = z
  .strictObject({
    resourceGroup: resourceGroupName,
    subnetId,
    vmSize: matching(/^[A-Za-z]+_[A-Za-z0-9_]+$/, 'must be a VM size such as Standard_D2s_v5').default('Standard_D2s_v5'),
  })
  .describe('Where build VMs run: same subscription and region as the gallery.') satisfies z.ZodType<StagingSpec>;

export const scopesSchema = z
  .strictObject({
    capture: z.array(scopeId).default([]),
    usage: z.array(scopeId).min(1, { error: 'must list at least one scope: pruning must be able to search for users of a version' }),
  })
  .describe('ARM scopes where captures are allowed and where usage of versions is searched.') satisfies z.ZodType<ScopesSpec>;

// --- image parts ----------------------------------------------------------------------------------------------

const definitionShape = {
  publisher: identifier(128),
  offer: identifier(64),
  sku: identifier(64),
  osType,
  osState,
  hyperVGeneration,
  architecture,
  securityType,
  description: z.string().max(1024).optional(),
};
const inheritableDefinition = definitionShape;
const definitionInput = z.strictObject({
  ...definitionShape,
  osType: osType.optional(),
  osState: osState.optional(),
  hyperVGeneration: hyperVGeneration.optional(),
  architecture: architecture.optional(),
  securityType: securityType.optional(),
});
const definitionDefaults = z.strictObject({
  osType: inheritableDefinition.osType.optional(),
  osState: osState.optional(),
  hyperVGeneration: hyperVGeneration.optional(),
  architecture: architecture.optional(),
  securityType: securityType.optional(),
});
const definitionResolved = z.strictObject(definitionShape) satisfies z.ZodType<ImageDefinitionSpec>;

const baseImageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('marketplace'),
    publisher: identifier(128),
    offer: identifier(64),
    sku: identifier(64),
    version: matching(/^(latest|\d+\.\d+\.\d+)$/, 'must be "latest" or an exact version such as 22.04.202401010').default('latest'),
  }),
  z.strictObject({ type: z.literal('gallery'), imageId: galleryImageId }),
]) satisfies z.ZodType<BaseImage>;

const SHA256 = /^[0-9a-fA-F]{64}$/;

function stepSchema<T extends z.ZodType<number | undefined>>(timeout: T) {
  return z
    .strictObject({
      name: matching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, periods, hyphens or underscores'),
      type: z.enum(['shell', 'powershell']),
      inline: z.array(z.string()).min(1, { error: 'must have at least one line' }).optional(),
      scriptUri: httpsUrl.optional(),
      sha256: matching(SHA256, 'must be 64 hex digits (the script\'s sha256)').transform((s) => s.toLowerCase()).optional(),
      timeoutSeconds: timeout,
    })
    .superRefine((step, ctx) => {
      const hasInline = step.inline !== undefined;
      const hasUri = step.scriptUri !== undefined;
      if (hasInline === hasUri) {
        ctx.addIssue({ code: 'custom', path: [], message: `must have exactly one of inline / scriptUri, got ${hasInline ? 'both' : 'neither'}` });
      }
      if (step.sha256 !== undefined && !hasUri) {
        ctx.addIssue({ code: 'custom', path: ['sha256'], message: 'only applies to scriptUri (inline scripts are hashed as written)' });
      }
    });
}
const STEP_TIMEOUT = () => intIn(60, 21_600);
const stepInput = stepSchema(STEP_TIMEOUT().optional());
const stepResolved = stepSchema(STEP_TIMEOUT()) satisfies z.ZodType<CustomizationStep>;

const major = intIn(0, INT32_MAX);
const versioningSchema = z
  .discriminatedUnion('scheme', [
    z.strictObject({ scheme: z.literal('semver'), major }).describe('major.minor.patch: patch increments; minor when the base image changed.'),
    z
      .strictObject({ scheme: z.literal('date'), major })
      .describe('major.YYYYMMDD.N: the date is its own segment, so it never overflows int32 (YYYYMMDDHHmm would).'),
  ]) satisfies z.ZodType<VersioningScheme>;

const targetRegionSchema = z.strictObject({
  name: regionName,
  replicas: intIn(1, 100).default(1),
  storageAccountType: storageAccountType.default('Standard_LRS'),
}) satisfies z.ZodType<TargetRegion>;
const targetRegions = z.array(targetRegionSchema).min(1, { error: 'must list at least one region (the gallery region)' });

const rebuildShape = {
  onBaseImageChange: z.boolean(),
  onRecipeChange: z.boolean(),
  maxAgeDays: intIn(1, 3650).nullable(),
  pauseAfterFailures: intIn(0, 100),
};
const rebuildInput = z.strictObject(rebuildShape).partial();
const rebuildResolved = z.strictObject(rebuildShape) satisfies z.ZodType<RebuildPolicy>;

const shareError = (iss: { input?: unknown }) => `must be in (0, 1] (a share of the image's versions), got ${String(iss.input)}`;
const retentionShape = {
  keepLatest: intIn(1, 1000),
  minAgeDays: intIn(0, 3650),
  maxAgeDays: intIn(1, 36500).nullable(),
  deprecateBeforeDeleteDays: intIn(0, 3650),
  maxDeletionsPerRun: intIn(1, 1000),
  maxDeleteShare: z.number({ error: shareError }).gt(0, { error: shareError }).max(1, { error: shareError }),
  protectTag: matching(/^[^<>%&\\?/]{1,512}$/, 'must be a tag name (1-512 characters, none of < > % & \\ ? /)'),
  mode: z.enum(['dryRun', 'apply']),
};
const retentionInput = z.strictObject(retentionShape).partial();
const retentionResolved = z.strictObject(retentionShape) satisfies z.ZodType<RetentionPolicy>;

// --- defaults and images --------------------------------------------------------------------------------------

export const defaultsSchema = z
  .strictObject({
    definition: definitionDefaults.optional(),
    customizationTimeoutSeconds: STEP_TIMEOUT().optional(),
    versioning: versioningSchema.optional(),
    targetRegions: targetRegions.optional(),
    rebuild: rebuildInput.optional(),
    retention: retentionInput.optional(),
    tags: tags.optional(),
  })
  .describe('Inherited by every image: objects merge key by key, lists (targetRegions) replace.');

export const imageInputSchema = z.strictObject({
  name: nonEmpty(80),
  definition: definitionInput,
  baseImage: baseImageSchema,
  customization: z.array(stepInput).default([]),
  versioning: versioningSchema.optional(),
  targetRegions: targetRegions.optional(),
  rebuild: rebuildInput.optional(),
  retention: retentionInput.optional(),
  tags: tags.optional(),
});

export const imageResolvedSchema = z.strictObject({
  name: nonEmpty(80),
  definition: definitionResolved,
  baseImage: baseImageSchema,
  customization: z.array(stepResolved),
  versioning: versioningSchema,
  targetRegions,
  rebuild: rebuildResolved,
  retention: retentionResolved,
  tags,
}) satisfies z.ZodType<ImageSpec>;

// --- policy ---------------------------------------------------------------------------------------------------

const namingSchema = z
  .strictObject({
    gallery: regexSource.default(DEFAULT_NAMING_CONVENTION.gallery),
    imageDefinition: regexSource.default(DEFAULT_NAMING_CONVENTION.imageDefinition),
    version: regexSource.default(DEFAULT_NAMING_CONVENTION.version),
  })
  .describe('Naming convention per kind: regex sources, anchored by the checker.');

const allowedPrincipalSchema = z.strictObject({
  principalId: guid,
  roles: z.array(nonEmpty(256)).default([]),
  reason: nonEmpty(512),
});

const leastPrivilegeSchema = z.strictObject({
  allowedPrincipals: z.array(allowedPrincipalSchema).default([]),
  appPrincipalId: guid.optional(),
  maxSubscriptionOwners: intIn(0, 100).default(3),
  maxDirectUserAssignments: intIn(0, 10_000).default(5),
});

export const policySchema = z
  .strictObject({
    naming: namingSchema.prefault({}),
    leastPrivilege: leastPrivilegeSchema.prefault({}),
    enforce: z.enum(['report', 'block']).default('report'),
  })
  .describe('Naming rules, least-privilege allow-lists and whether high findings block builds.') satisfies z.ZodType<PolicySpec>;

// --- the document -----------------------------------------------------------------------------------------------

export const catalogDocumentSchema = z
  .strictObject({
    $schema: z.string().optional(),
    gallery: gallerySchema,
    staging: stagingSchema,
    scopes: scopesSchema,
    defaults: defaultsSchema.optional(),
    images: z.array(imageInputSchema).min(1, { error: 'must list at least one image' }),
    policy: policySchema.prefault({}),
  })
  .meta({ title: 'Image Autopilot catalog', description: 'What Image Autopilot manages: see docs/catalog.md.' });

export type CatalogDocument = z.output<typeof catalogDocumentSchema>;
export type CatalogDefaults = z.output<typeof defaultsSchema>;
export type ImageInput = z.output<typeof imageInputSchema>;
