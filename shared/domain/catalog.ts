/**
 * The catalog after validation and defaults: the one description of what Image Autopilot manages.
 * shared/config parses YAML into exactly these types (its zod schema is checked against them), so the
 * domain rules, activities and triggers never see raw YAML or optional defaults.
 */
import type { SharingAllowList, SharingSpec } from './sharing/sharingSpec';

export type { CommunitySharingSpec, DirectSharingSpec, ReaderPrincipalType, ReaderSpec, SharingAllowList, SharingSpec } from './sharing/sharingSpec';

export type OsType = 'Linux' | 'Windows';
export type OsState = 'Generalized' | 'Specialized';
export type HyperVGeneration = 'V1' | 'V2';
export type Architecture = 'x64' | 'Arm64';
export type SecurityType =
  | 'Standard'
  | 'TrustedLaunchSupported'
  | 'TrustedLaunch'
  | 'ConfidentialVmSupported'
  | 'ConfidentialVM'
  | 'TrustedLaunchAndConfidentialVmSupported';
export type StorageAccountType = 'Standard_LRS' | 'Standard_ZRS' | 'Premium_LRS' | 'PremiumV2_LRS';

export interface GallerySpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Azure region name in ARM's lower-case form, e.g. `westeurope`. */
  location: string;
  /** Galleries shared directly or to the community may have users no scan can see (docs/architecture.md#deleting-and-in-use). */
  allowPruneWhenShared: boolean;
  /** Readers, direct sharing and the community gallery (docs/sharing.md). */
  sharing: SharingSpec;
}

export interface StagingSpec {
  /** Same subscription and region as the gallery. */
  resourceGroup: string;
  subnetId: string;
  vmSize: string;
}

/** ARM scope IDs: `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{name}`. */
export interface ScopesSpec {
  capture: string[];
  usage: string[];
}

export interface ImageDefinitionSpec {
  publisher: string;
  offer: string;
  sku: string;
  osType: OsType;
  osState: OsState;
  hyperVGeneration: HyperVGeneration;
  architecture: Architecture;
  securityType: SecurityType;
  description?: string;
}

export type BaseImage =
  | {
      type: 'marketplace';
      publisher: string;
      offer: string;
      sku: string;
      /** `latest` follows the newest platform version; an exact version pins it. */
      version: string;
    }
  | {
      type: 'gallery';
      /** A gallery image definition ID (follows its latest version) or a version ID (pinned). */
      imageId: string;
    };

export interface CustomizationStep {
  name: string;
  /**
   * `shell` runs on Linux, `powershell` on Windows; `file` downloads `source` to `destination` on either; `restart`
   * reboots the build VM and waits (at most `timeoutSeconds`) until it runs again; `windowsUpdate` (Windows) installs
   * updates in rounds, restarting between them, until none are pending (all rounds within `timeoutSeconds`).
   */
  type: 'shell' | 'powershell' | 'file' | 'restart' | 'windowsUpdate';
  /** Inline script lines; exactly one of `inline` / `scriptUri`. */
  inline?: string[];
  scriptUri?: string;
  /** Expected sha256 (hex) of the script at `scriptUri` or the file at `source`; part of the recipe hash. */
  sha256?: string;
  /** `file` steps: the https URL downloaded. */
  source?: string;
  /** `file` steps: the absolute path in the guest the verified download is moved to. */
  destination?: string;
  /** `windowsUpdate` steps: the Windows Update Agent search criteria; absent = `IsInstalled=0`. */
  searchCriteria?: string;
  /** `windowsUpdate` steps: which of the updates found are installed; absent = all of them. */
  filters?: WindowsUpdateFilters;
  /** `windowsUpdate` steps: at most this many updates per round; absent = no limit. */
  updateLimit?: number;
  /** `windowsUpdate` steps: rounds (search, install, restart if asked) before updates still pending fail the step; absent = 5. */
  maxRounds?: number;
  timeoutSeconds: number;
  /**
   * A failure of this step is recorded on the run (its customization entry says `continuedOnError`) and the build
   * goes on. Absent = false: kept out of the resolved step so existing recipes hash as before.
   */
  continueOnError?: boolean;
}

/**
 * Which updates a `windowsUpdate` step installs. An update is installed when it is in one of `categories` (if
 * given), has one of `includeKbs` (if given), has none of `excludeKbs` and its title contains none of
 * `excludeTitleContains` (case-insensitive). KB numbers are written `KB` + digits.
 */
export interface WindowsUpdateFilters {
  categories?: string[];
  includeKbs?: string[];
  excludeKbs?: string[];
  excludeTitleContains?: string[];
}

/** How the build VM is made (`build:` of an image, inheriting `defaults.build`). */
export interface BuildOptions {
  /** Overrides `staging.vmSize` for this image. */
  vmSize?: string;
  /** OS disk size of the build VM in GiB; absent = the image's own size. */
  osDiskSizeGb?: number;
  /** A user-assigned managed identity resource ID attached to the build VM (private script URLs, Key Vault). */
  identity?: string;
  /** Tags of the build VM: the image's tags, then these, then Image Autopilot's own (which win). */
  tags?: Record<string, string>;
}

export type VersioningScheme =
  /** `major.minor.patch`: patch increments; minor increments (patch resets) when the base image changed. */
  | { scheme: 'semver'; major: number }
  /** `major.YYYYMMDD.N`: N counts builds of the day from 1. */
  | { scheme: 'date'; major: number };

export interface TargetRegion {
  name: string;
  replicas: number;
  storageAccountType: StorageAccountType;
}

export interface RebuildPolicy {
  onBaseImageChange: boolean;
  onRecipeChange: boolean;
  /** Rebuild when the latest version is older than this; null = never for age. */
  maxAgeDays: number | null;
  /** Consecutive failed builds after which scheduled runs skip the image; 0 = never pause. */
  pauseAfterFailures: number;
}

export interface RetentionPolicy {
  keepLatest: number;
  minAgeDays: number;
  /** Versions older than this are expired even beyond keepLatest; null = no age limit. */
  maxAgeDays: number | null;
  deprecateBeforeDeleteDays: number;
  maxDeletionsPerRun: number;
  /** 0..1: a plan deleting a larger share of the image's versions is refused whole. */
  maxDeleteShare: number;
  protectTag: string;
  mode: 'dryRun' | 'apply';
}

export interface ImageSpec {
  /** The image definition name in the gallery; unique in the catalog. */
  name: string;
  definition: ImageDefinitionSpec;
  baseImage: BaseImage;
  customization: CustomizationStep[];
  versioning: VersioningScheme;
  /** Always includes the gallery region. */
  targetRegions: TargetRegion[];
  rebuild: RebuildPolicy;
  retention: RetentionPolicy;
  tags: Record<string, string>;
  /** Absent in inputs recorded before build options existed: the build VM then uses `staging.vmSize` and no extras. */
  build?: BuildOptions;
  /** The validation gate: absent = a version is promoted as soon as it replicated (docs/catalog.md#validation). */
  validation?: ValidationSpec;
}

/**
 * Test VMs boot from the new version in each region and run `steps` before the version may become latest; then,
 * with `approval: required`, a person approves or rejects it (docs/publishing.md#the-validation-gate).
 */
export interface ValidationSpec {
  /** Where test VMs boot; each one of the image's target regions. Absent = the gallery's region. */
  regions?: string[];
  /** Region → subnet ID for test VMs outside the gallery's region (Azure joins a VM only to a subnet in its region). */
  subnets: Record<string, string>;
  /** The same step schema as `customization`, run on every test VM in order. */
  steps: CustomizationStep[];
  /** How long one region's validation (boot and every step) may take. */
  timeoutMinutes: number;
  /** Size of the test VMs; absent = the build VM's (build.vmSize, else staging.vmSize). */
  vmSize?: string;
  approval: 'required' | 'none';
  /** How long a validated version waits for approval before the run ends `APPROVAL_TIMED_OUT`. */
  approvalTimeoutHours: number;
}

/** Regex sources (anchored by the checker) for the catalog's naming convention, per kind. */
export interface NamingRules {
  gallery: string;
  imageDefinition: string;
  version: string;
}

export interface AllowedPrincipal {
  principalId: string;
  /** Role definition IDs or built-in role names this principal may hold; empty = any. */
  roles: string[];
  reason: string;
}

export interface LeastPrivilegePolicy {
  allowedPrincipals: AllowedPrincipal[];
  /** The app's own managed identity (object ID), checked against the roles infra declares for it. */
  appPrincipalId?: string;
  maxSubscriptionOwners: number;
  maxDirectUserAssignments: number;
}

export interface PolicySpec {
  naming: NamingRules;
  leastPrivilege: LeastPrivilegePolicy;
  /** Sharing the gallery may show without a finding (docs/sharing.md#policy). */
  sharing: { allow: SharingAllowList };
  enforce: 'report' | 'block';
}

export interface Catalog {
  gallery: GallerySpec;
  staging: StagingSpec;
  scopes: ScopesSpec;
  images: ImageSpec[];
  policy: PolicySpec;
}
