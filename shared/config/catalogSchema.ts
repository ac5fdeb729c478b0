// Longer than 200 lines on purpose: the catalog's whole zod schema in one place, so the JSON Schema export, the
// loader and the docs check read one definition of every field (splitting it would scatter defaults from their fields).
import * as z from 'zod';
import type {
  Architecture,
  BaseImage,
  BuildOptions,
  CommunitySharingSpec,
  CustomizationStep,
  GallerySpec,
  HyperVGeneration,
  ImageDefinitionSpec,
  ImageSpec,
  OsState,
  OsType,
  PolicySpec,
  ReaderSpec,
  RebuildPolicy,
  RetentionPolicy,
  ScopesSpec,
  SecurityType,
  SharingAllowList,
  SharingSpec,
  StagingSpec,
  StorageAccountType,
  TargetRegion,
  ValidationSpec,
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
  userAssignedIdentityId,
} from './schemaFields';

/**
 * The catalog's zod schemas. Two layers share one set of field schemas:
 * - the *document* schemas describe the YAML as written (inheritable fields optional); the JSON Schema is generated
 *   from them, so editor completion and validation agree;
 * - the *resolved* schemas describe an image after `defaults` are merged in, and are checked against the domain
 *   types with `satisfies`, so a change to shared/domain/catalog.ts that the schema misses fails to compile.
 */

/** Compile-time checks: `Assert<…>` fails to compile unless its argument is `true`. */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

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
type _osTypeMatchesDomain = Assert<Exact<z.infer<typeof osType>, OsType>>;
type _osStateMatchesDomain = Assert<Exact<z.infer<typeof osState>, OsState>>;
type _hyperVGenerationMatchesDomain = Assert<Exact<z.infer<typeof hyperVGeneration>, HyperVGeneration>>;
type _architectureMatchesDomain = Assert<Exact<z.infer<typeof architecture>, Architecture>>;
type _securityTypeMatchesDomain = Assert<Exact<z.infer<typeof securityType>, SecurityType>>;
type _storageAccountTypeMatchesDomain = Assert<Exact<z.infer<typeof storageAccountType>, StorageAccountType>>;

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

const readerSchema = z.strictObject({
  principalId: guid.describe('Entra object ID of the group, user or service principal.'),
  principalType: z.enum(['Group', 'User', 'ServicePrincipal']).default('Group').describe('What the principal is (ARM skips the directory lookup when told).'),
  images: z.array(nonEmpty(80)).default([]).describe('Catalog images whose definitions it may read; empty = the whole gallery.'),
}) satisfies z.ZodType<ReaderSpec>;

const directSharingSchema = z
  .strictObject({
    subscriptions: z.array(guid).default([]).describe('Subscription IDs every user of which may use the images.'),
    tenants: z.array(guid).default([]).describe('Entra tenant IDs every user of which may use the images.'),
  })
  .describe('Direct shared gallery: the complete list (the app adds and removes to match it). Leave out to leave direct sharing alone.');

const communitySchema = z
  .strictObject({
    publisherUri: httpsUrl.describe("The publisher's web site, shown publicly."),
    publisherContact: matching(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address').describe('Support email shown publicly.'),
    eula: httpsUrl.describe('Link to the end-user license agreement, shown publicly.'),
    publicNamePrefix: matching(/^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/, 'must be 1-16 letters, digits or hyphens, starting with a letter or digit').describe(
      'Prefix of the public gallery name.',
    ),
    enforce: z
      .literal(true, { error: 'must be true: a community gallery makes every image public to all Azure users and cannot be made private while in use; write enforce: true to say so' })
      .describe('Acknowledgement that sharing to the community makes the images public (required, must be true).'),
  })
  .describe('Community gallery (public to every Azure user): opt-in, with the acknowledgement enforce: true.') satisfies z.ZodType<CommunitySharingSpec>;

const sharingSchema = z
  .strictObject({
    readers: z.array(readerSchema).default([]).describe('In-tenant readers: given Compute Gallery Image Reader on the gallery or on single definitions.'),
    direct: directSharingSchema.optional(),
    community: communitySchema.optional(),
  })
  .describe('Who may use the images (docs/sharing.md); a model left out is left alone.') satisfies z.ZodType<SharingSpec>;

const vmSize = () => matching(/^[A-Za-z]+_[A-Za-z0-9_-]+$/, 'must be a VM size such as Standard_D2s_v5');

export const gallerySchema = z
  .strictObject({
    subscriptionId: guid.describe('Subscription (GUID) of the gallery.'),
    resourceGroup: resourceGroupName.describe('Resource group of the gallery.'),
    name: nonEmpty(80).describe("Gallery name: Azure's rules (letters, digits, _ and .; no hyphens) and policy.naming.gallery."),
    location: regionName.describe('Gallery region, e.g. westeurope (normalized: lower-case, no spaces). Every image replicates here.'),
    allowPruneWhenShared: z
      .boolean()
      .default(false)
      .describe('Allow pruning although the gallery may be shared directly or to the community (users no scan can see).'),
    sharing: sharingSchema.prefault({}),
  })
  .describe('The one Azure Compute Gallery Image Autopilot manages.') satisfies z.ZodType<GallerySpec>;

export const stagingSchema = z
  .strictObject({
    resourceGroup: resourceGroupName.describe('Resource group for temporary build VMs (in the gallery subscription).'),
    subnetId: subnetId.describe("Subnet ID build VMs join; must be in the gallery's subscription."),
    vmSize: vmSize().default('Standard_D2s_v5').describe('Size of build VMs (an image\'s build.vmSize overrides it).'),
  })
  .describe('Where build VMs run: same subscription and region as the gallery.') satisfies z.ZodType<StagingSpec>;

export const scopesSchema = z
  .strictObject({
    capture: z.array(scopeId).default([]).describe('Scopes whose VMs may be captured into images (empty = no captures).'),
    usage: z
      .array(scopeId)
      .min(1, { error: 'must list at least one scope: pruning must be able to search for users of a version' })
      .describe('Scopes searched for VMs and scale sets using a version before it is pruned.'),
  })
  .describe('ARM scopes where captures are allowed and where usage of versions is searched.') satisfies z.ZodType<ScopesSpec>;

// --- image parts ----------------------------------------------------------------------------------------------

const definitionShape = {
  publisher: identifier(128).describe('Image definition publisher; publisher/offer/sku is unique in the gallery.'),
  offer: identifier(64).describe('Image definition offer.'),
  sku: identifier(64).describe('Image definition SKU.'),
  osType: osType.describe('Linux or Windows; decides which customization step types are allowed.'),
  osState: osState.describe('Generalized (default) or Specialized.'),
  hyperVGeneration: hyperVGeneration.describe('V2 (default) or V1.'),
  architecture: architecture.describe('x64 (default) or Arm64.'),
  securityType: securityType.describe('Security type of the definition (default TrustedLaunchSupported).'),
  description: z.string().max(1024).optional().describe('Free text shown in the portal.'),
};
/** The definition fields `defaults.definition` may set; publisher/offer/sku identify one image and never inherit. */
const definitionDefaults = z.strictObject({
  osType: definitionShape.osType.optional(),
  osState: definitionShape.osState.optional(),
  hyperVGeneration: definitionShape.hyperVGeneration.optional(),
  architecture: definitionShape.architecture.optional(),
  securityType: definitionShape.securityType.optional(),
});
const definitionInput = z.strictObject({ ...definitionShape, ...definitionDefaults.shape });
const definitionResolved = z.strictObject(definitionShape) satisfies z.ZodType<ImageDefinitionSpec>;

const baseImageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('marketplace'),
    publisher: identifier(128),
    offer: identifier(64),
    sku: identifier(64),
    version: matching(/^(latest|\d+\.\d+\.\d+)$/, 'must be "latest" or an exact version such as 22.04.202401010')
      .default('latest')
      .describe('"latest" follows the newest platform image; an exact version pins it.'),
  }),
  z.strictObject({
    type: z.literal('gallery'),
    imageId: galleryImageId.describe('A gallery image definition ID (follows its latest) or version ID (pinned).'),
  }),
]) satisfies z.ZodType<BaseImage>;

const SHA256 = /^[0-9a-fA-F]{64}$/;

/** A file step names what it downloads, its hash and where it goes; no script of its own. */
function fileStepIssues(step: { inline?: unknown; scriptUri?: unknown; sha256?: unknown; source?: unknown; destination?: unknown }): { path: string[]; message: string }[] {
  const issues: { path: string[]; message: string }[] = [];
  for (const key of ['source', 'sha256', 'destination'] as const) {
    if (step[key] === undefined) issues.push({ path: [key], message: `required for file steps (download source, check sha256, move to destination)` });
  }
  for (const key of ['inline', 'scriptUri'] as const) {
    if (step[key] !== undefined) issues.push({ path: [key], message: 'not for file steps (use source, sha256 and destination)' });
  }
  return issues;
}

const KB = matching(/^KB\d{4,8}$/i, 'must be a KB number such as KB5031364');
const filterList = <T extends z.ZodType<string>>(item: T) => z.array(item).min(1, { error: 'must have at least one entry (omit it for none)' }).optional();
const windowsUpdateFilters = z
  .strictObject({
    categories: filterList(z.string().min(1).max(128)).describe('Only updates in one of these categories (e.g. "Security Updates", "Critical Updates").'),
    includeKbs: filterList(KB).describe('Only these KB numbers.'),
    excludeKbs: filterList(KB).describe('Never these KB numbers.'),
    excludeTitleContains: filterList(z.string().min(1).max(256)).describe('Never updates whose title contains one of these (case-insensitive), e.g. "Preview".'),
  })
  .describe('windowsUpdate steps: which updates found are installed (all conditions given must hold); default all.');
const WINDOWS_UPDATE_FIELDS = ['searchCriteria', 'filters', 'updateLimit', 'maxRounds'] as const;
const SCRIPT_FIELDS = ['inline', 'scriptUri', 'sha256', 'source', 'destination'] as const;

function stepSchema<T extends z.ZodType<number | undefined>>(timeout: T) {
  return z
    .strictObject({
      name: matching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, periods, hyphens or underscores').describe(
        'Step name, unique within the image.',
      ),
      type: z
        .enum(['shell', 'powershell', 'file', 'restart', 'windowsUpdate'])
        .describe('shell on Linux images, powershell on Windows images; file (download source to destination, sha256 checked) and restart (reboot, wait until running) on both; windowsUpdate (install updates, restarting as needed) on Windows images.'),
      inline: z.array(z.string()).min(1, { error: 'must have at least one line' }).optional().describe('Script lines; exactly one of inline / scriptUri.'),
      scriptUri: httpsUrl.optional().describe('https URL of the script; exactly one of inline / scriptUri.'),
      sha256: matching(SHA256, "must be 64 hex digits (the script's sha256)")
        .transform((s) => s.toLowerCase())
        .optional()
        .describe('Expected sha256 of the script at scriptUri or the file at source (required with either); part of the recipe hash.'),
      source: httpsUrl.optional().describe('file steps: https URL of the file to download.'),
      destination: z
        .string()
        .min(1)
        .max(1024)
        .optional()
        .describe('file steps: absolute path in the guest the verified file is moved to (/… on Linux, C:\\… on Windows).'),
      searchCriteria: z.string().min(1).max(1024).optional().describe('windowsUpdate steps: Windows Update Agent search criteria (default "IsInstalled=0").'),
      filters: windowsUpdateFilters.optional(),
      updateLimit: intIn(1, 1000).optional().describe('windowsUpdate steps: at most this many updates per round, 1..1000 (default no limit).'),
      maxRounds: intIn(1, 20).optional().describe('windowsUpdate steps: rounds (search, install, restart when asked) before updates still pending fail the step, 1..20 (default 5).'),
      timeoutSeconds: timeout,
      continueOnError: z
        .boolean()
        .optional()
        .describe('true: a failure of this step is recorded on the run (continuedOnError) and the build goes on; default false.'),
    })
    .superRefine((step, ctx) => {
      if (step.type === 'windowsUpdate') {
        for (const key of SCRIPT_FIELDS) {
          if (step[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'not for windowsUpdate steps (the update script is built in; use searchCriteria, filters, updateLimit and maxRounds)' });
        }
        return;
      }
      for (const key of WINDOWS_UPDATE_FIELDS) {
        if (step[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `only applies to windowsUpdate steps (not ${step.type})` });
      }
      if (step.type === 'restart') {
        for (const key of ['inline', 'scriptUri', 'sha256', 'source', 'destination', 'continueOnError'] as const) {
          if (step[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'not for restart steps (a restart has no script; a VM that does not come back fails the build)' });
        }
        return;
      }
      if (step.type === 'file') {
        fileStepIssues(step).forEach((issue) => ctx.addIssue({ code: 'custom', ...issue }));
        return;
      }
      for (const key of ['source', 'destination'] as const) {
        if (step[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `only applies to file steps (${step.type} steps run inline or scriptUri)` });
      }
      const hasInline = step.inline !== undefined;
      const hasUri = step.scriptUri !== undefined;
      if (hasInline === hasUri) {
        ctx.addIssue({ code: 'custom', path: [], message: `must have exactly one of inline / scriptUri, got ${hasInline ? 'both' : 'neither'}` });
      }
      if (hasUri && step.sha256 === undefined) {
        ctx.addIssue({ code: 'custom', path: ['sha256'], message: 'required with scriptUri (64 hex digits): a script that changed unseen must not run' });
      }
      if (step.sha256 !== undefined && !hasUri) {
        ctx.addIssue({ code: 'custom', path: ['sha256'], message: 'only applies to scriptUri (inline scripts are hashed as written)' });
      }
    });
}
const STEP_TIMEOUT = () => intIn(60, 21_600);
const stepInput = stepSchema(STEP_TIMEOUT().optional().describe('Run command timeout, 60..21600 (default defaults.customizationTimeoutSeconds, else 1800).'));
const stepResolved = stepSchema(STEP_TIMEOUT()) satisfies z.ZodType<CustomizationStep>;

const buildSchema = z
  .strictObject({
    vmSize: vmSize().optional().describe('Size of this image\'s build VM (default staging.vmSize); must host the definition\'s architecture and securityType.'),
    osDiskSizeGb: intIn(30, 4095).optional().describe('OS disk size of the build VM in GiB, 30..4095 (default: the base image\'s size).'),
    identity: userAssignedIdentityId.optional().describe('User-assigned managed identity attached to the build VM (private script URLs, Key Vault); must exist.'),
    tags: tags.optional().describe('Tags of the build VM, over the image\'s tags; Image Autopilot\'s own tags win.'),
  })
  .describe('How the build VM is made; defaults.build merges in key by key.') satisfies z.ZodType<BuildOptions>;

const major = intIn(0, INT32_MAX).describe('First version segment, 0..2147483647.');
const versioningSchema = z
  .discriminatedUnion('scheme', [
    z.strictObject({ scheme: z.literal('semver'), major }).describe('major.minor.patch: patch increments; minor when the base image changed.'),
    z
      .strictObject({ scheme: z.literal('date'), major })
      .describe('major.YYYYMMDD.N: the date is its own segment, so it never overflows int32 (YYYYMMDDHHmm would).'),
  ]) satisfies z.ZodType<VersioningScheme>;

const targetRegionSchema = z.strictObject({
  name: regionName.describe('Region name, e.g. northeurope (normalized: lower-case, no spaces).'),
  replicas: intIn(1, 100).default(1).describe('Replica count in the region, 1..100.'),
  storageAccountType: storageAccountType.default('Standard_LRS').describe('Storage of the replicas; not updatable on existing versions.'),
}) satisfies z.ZodType<TargetRegion>;
const targetRegions = z
  .array(targetRegionSchema)
  .min(1, { error: 'must list at least one region (the gallery region)' })
  .describe('Regions new versions replicate to; must include the gallery region, no duplicates.');

const rebuildShape = {
  onBaseImageChange: z.boolean().describe('Rebuild when the base image has a newer version (default true).'),
  onRecipeChange: z.boolean().describe('Rebuild when the customization recipe changed (default true).'),
  maxAgeDays: intIn(1, 3650).nullable().describe('Rebuild when the latest version is older (default 30; null = never for age).'),
  pauseAfterFailures: intIn(0, 100).describe('Consecutive failures after which scheduled runs skip the image (default 3; 0 = never).'),
};
const rebuildInput = z.strictObject(rebuildShape).partial();
const rebuildResolved = z.strictObject(rebuildShape) satisfies z.ZodType<RebuildPolicy>;

const shareError = (iss: { input?: unknown }) => `must be in (0, 1] (a share of the image's versions), got ${String(iss.input)}`;
const retentionShape = {
  keepLatest: intIn(1, 1000).describe('Newest versions always kept (default 3).'),
  minAgeDays: intIn(0, 3650).describe('Versions younger than this are never pruned (default 7).'),
  maxAgeDays: intIn(1, 36500).nullable().describe('Versions older than this expire even beyond keepLatest (default null = no limit).'),
  deprecateBeforeDeleteDays: intIn(0, 3650).describe('Days a version is deprecated (end-of-life set) before deletion (default 7).'),
  maxDeletionsPerRun: intIn(1, 1000).describe('Deletions per run at most (default 10).'),
  maxDeleteShare: z
    .number({ error: shareError })
    .gt(0, { error: shareError })
    .max(1, { error: shareError })
    .describe("A plan deleting a larger share of the image's versions is refused whole; (0, 1], default 0.5."),
  protectTag: matching(/^[^<>%&\\?/]{1,512}$/, 'must be a tag name (1-512 characters, none of < > % & \\ ? /)').describe(
    'Versions tagged <protectTag>=true are never pruned (default autopilot-retain).',
  ),
  mode: z.enum(['dryRun', 'apply']).describe('dryRun (default) only plans; apply deprecates and deletes.'),
};
const retentionInput = z.strictObject(retentionShape).partial();
const retentionResolved = z.strictObject(retentionShape) satisfies z.ZodType<RetentionPolicy>;

function validationSchema<S extends z.ZodType>(step: S) {
  return z.strictObject({
    regions: z
      .array(regionName)
      .min(1, { error: 'must list at least one region (omit it for the gallery region)' })
      .optional()
      .describe("Regions test VMs boot in; each must be one of the image's target regions (default: the gallery region)."),
    subnets: z
      .record(regionName, subnetId)
      .default({})
      .describe("Region → subnet ID for test VMs outside the gallery region (the gallery region uses staging.subnetId)."),
    steps: z.array(step).min(1, { error: 'must list at least one step (omit validation for none)' }).describe('Checks run in order on each test VM (the customization step schema).'),
    timeoutMinutes: intIn(5, 720).default(60).describe("Minutes one region's validation (boot and all steps) may take, 5..720 (default 60)."),
    vmSize: vmSize().optional().describe('Size of the test VMs (default build.vmSize, else staging.vmSize); must host the definition\'s architecture and securityType.'),
    approval: z.enum(['required', 'none']).default('none').describe('required: after validation a person approves or rejects the version (POST /api/runs/{runId}/approve|reject).'),
    approvalTimeoutHours: intIn(1, 720).default(72).describe('Hours a validated version waits for approval before the run fails APPROVAL_TIMED_OUT, 1..720 (default 72).'),
  });
}
const validationInput = validationSchema(stepInput).describe('The validation gate: test VMs from the new version must pass these checks before it becomes latest.');
const validationResolved = validationSchema(stepResolved) satisfies z.ZodType<ValidationSpec>;

// --- defaults and images --------------------------------------------------------------------------------------

export const defaultsSchema = z
  .strictObject({
    definition: definitionDefaults.optional(),
    customizationTimeoutSeconds: STEP_TIMEOUT().optional().describe('Default timeoutSeconds of customization steps (default 1800).'),
    versioning: versioningSchema.optional(),
    targetRegions: targetRegions.optional(),
    rebuild: rebuildInput.optional(),
    retention: retentionInput.optional(),
    tags: tags.optional(),
    build: buildSchema.optional(),
  })
  .describe('Inherited by every image: objects merge key by key, lists (targetRegions) replace.');

export const imageInputSchema = z.strictObject({
  name: nonEmpty(80).describe('Image definition name; unique (case-insensitive); Azure rules and policy.naming.imageDefinition.'),
  definition: definitionInput.describe('Image definition properties.'),
  baseImage: baseImageSchema.describe('What builds start from: a marketplace image or a gallery image.'),
  customization: z.array(stepInput).default([]).describe('Steps run in order on the build VM.'),
  versioning: versioningSchema.optional(),
  targetRegions: targetRegions.optional(),
  rebuild: rebuildInput.optional(),
  retention: retentionInput.optional(),
  tags: tags.optional(),
  validation: validationInput.optional(),
  build: buildSchema.optional(),
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
  validation: validationResolved.optional(),
  build: buildSchema.optional(),
}) satisfies z.ZodType<ImageSpec>;

// --- policy ---------------------------------------------------------------------------------------------------

const namingSchema = z
  .strictObject({
    gallery: regexSource.default(DEFAULT_NAMING_CONVENTION.gallery).describe('Regex for the gallery name.'),
    imageDefinition: regexSource.default(DEFAULT_NAMING_CONVENTION.imageDefinition).describe('Regex for image definition names.'),
    version: regexSource.default(DEFAULT_NAMING_CONVENTION.version).describe('Regex for version names.'),
  })
  .describe('Naming convention per kind: regex sources, anchored by the checker.');

const allowedPrincipalSchema = z.strictObject({
  principalId: guid.describe('Object ID of the principal.'),
  roles: z.array(nonEmpty(256)).default([]).describe('Role definition IDs or built-in role names it may hold; empty = any.'),
  reason: nonEmpty(512).describe('Why this exception exists (shown in reports).'),
});

const leastPrivilegeSchema = z.strictObject({
  allowedPrincipals: z.array(allowedPrincipalSchema).default([]).describe('Principals whose role assignments are accepted.'),
  appPrincipalId: guid.optional().describe("Object ID of the app's own managed identity, checked against the roles infra declares."),
  maxSubscriptionOwners: intIn(0, 100).default(3).describe('Subscription Owners allowed before a finding (default 3).'),
  maxDirectUserAssignments: intIn(0, 10_000).default(5).describe('Direct user role assignments allowed before a finding (default 5).'),
});

const sharingAllowSchema = z
  .strictObject({
    subscriptions: z.array(guid).default([]).describe('Subscriptions the gallery may be shared with directly.'),
    tenants: z.array(guid).default([]).describe('Tenants the gallery may be shared with directly.'),
    community: z.boolean().default(false).describe('Whether the gallery may be shared to the community.'),
  })
  .describe('Sharing the gallery may show; anything else is a high policy finding.') satisfies z.ZodType<SharingAllowList>;

export const policySchema = z
  .strictObject({
    naming: namingSchema.prefault({}),
    leastPrivilege: leastPrivilegeSchema.prefault({}),
    sharing: z.strictObject({ allow: sharingAllowSchema.prefault({}) }).prefault({}).describe('Sharing allow-list (docs/sharing.md#policy).'),
    enforce: z.enum(['report', 'block']).default('report').describe('block refuses builds while high findings exist; report only reports.'),
  })
  .describe('Naming rules, least-privilege allow-lists and whether high findings block builds.') satisfies z.ZodType<PolicySpec>;

// --- the document -----------------------------------------------------------------------------------------------

export const catalogDocumentSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Optional JSON Schema reference for editors; ignored.'),
    gallery: gallerySchema,
    staging: stagingSchema,
    scopes: scopesSchema,
    defaults: defaultsSchema.optional(),
    images: z.array(imageInputSchema).min(1, { error: 'must list at least one image' }).describe('The images Image Autopilot builds and maintains.'),
    policy: policySchema.prefault({}),
  })
  .meta({ title: 'Image Autopilot catalog', description: 'What Image Autopilot manages: see docs/catalog.md.' });

export type CatalogDocument = z.output<typeof catalogDocumentSchema>;
export type CatalogDefaults = z.output<typeof defaultsSchema>;
export type ImageInput = z.output<typeof imageInputSchema>;

/**
 * The key skeleton of a type, every key made required: `satisfies` alone lets an optional domain field go missing
 * from the schema (absent is assignable to optional), comparing skeletons does not.
 */
type Skeleton<T> = T extends readonly (infer E)[] ? Skeleton<E>[] : T extends object ? { [K in keyof T]-?: Skeleton<NonNullable<T[K]>> } : 'leaf';
type SameShape<A, B> = Exact<A, B> extends true ? Exact<Skeleton<A>, Skeleton<B>> : false;

type _gallerySchemaMatchesDomain = Assert<SameShape<z.output<typeof gallerySchema>, GallerySpec>>;
type _stagingSchemaMatchesDomain = Assert<SameShape<z.output<typeof stagingSchema>, StagingSpec>>;
type _scopesSchemaMatchesDomain = Assert<SameShape<z.output<typeof scopesSchema>, ScopesSpec>>;
type _imageResolvedSchemaMatchesDomain = Assert<SameShape<z.output<typeof imageResolvedSchema>, ImageSpec>>;
type _policySchemaMatchesDomain = Assert<SameShape<z.output<typeof policySchema>, PolicySpec>>;
