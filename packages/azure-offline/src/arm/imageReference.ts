/** Resolves `storageProfile.imageReference` for VMs and scale sets: a platform image or a gallery image/version. */
import { badRequest, notFound } from './armError';
import type { ArmRequest, EmulatorContext } from './context';
import { arrayAt, booleanAt, isObject, objectAt, stringAt, type JsonObject } from './json';
import { latestIn, servesRegion, type VersionFacts } from './galleryLatest';
import { resolvePlatformImage } from './platformImages';
import { normalizeRegion } from './regions';
import type { VersionRecord } from './state';

function facts(version: VersionRecord): VersionFacts {
  const profile = objectAt(version.properties, 'publishingProfile');
  const regionalExclude: Record<string, boolean> = {};
  for (const target of arrayAt(profile, 'targetRegions') ?? []) {
    const exclude = booleanAt(target, 'excludeFromLatest');
    if (isObject(target) && typeof target.name === 'string' && exclude !== undefined) regionalExclude[normalizeRegion(target.name)] = exclude;
  }
  return { name: version.name, excludeFromLatest: booleanAt(profile, 'excludeFromLatest') ?? false, regionalExclude, replication: version.replication };
}

export interface ResolvedImage {
  /** The reference as it is echoed back (with `exactVersion` for platform images). */
  reference: JsonObject;
  osType: 'Linux' | 'Windows';
  architecture: 'x64' | 'Arm64';
  /** A TrustedLaunch or ConfidentialVM definition's `SecurityType` feature: ARM boots it only on such a VM. */
  requiredSecurityType?: string;
  /** The gallery version behind it was captured without a guest deprovision (see VersionRecord.unprepared). */
  unprepared: boolean;
}

/** The `…Supported` types and Standard boot on a standard VM too; only these two ask for a matching VM. */
function requiredSecurity(properties: JsonObject): { requiredSecurityType?: string } {
  const feature = (arrayAt(properties, 'features') ?? []).find((f) => isObject(f) && stringAt(f, 'name') === 'SecurityType');
  const value = isObject(feature) ? stringAt(feature, 'value') : undefined;
  return value === 'TrustedLaunch' || value === 'ConfidentialVM' ? { requiredSecurityType: value } : {};
}

export function resolveImageReference(ctx: EmulatorContext, req: ArmRequest, ref: JsonObject | undefined, location: string, path: string): ResolvedImage {
  if (!ref) throw badRequest('InvalidParameter', `'${path}' is required.`);
  const id = stringAt(ref, 'id');
  if (id) {
    const version = ctx.store.get(id, 'Microsoft.Compute/galleries/images/versions');
    const image = version
      ? ctx.store.get(version.id.replace(/\/versions\/[^/]+$/i, ''), 'Microsoft.Compute/galleries/images')
      : ctx.store.get(id, 'Microsoft.Compute/galleries/images');
    if (!image) throw notFound('GalleryImageNotFound', `'${path}.id': the gallery image '${id}' was not found.`);
    // A version serves only regions it has finished replicating to; a definition serves its latest there.
    if (version && !servesRegion(facts(version), location, req.now)) {
      throw badRequest('InvalidParameter', `'${path}.id': gallery image version '${version.name}' is not replicated to '${location}'.`);
    }
    const latest = version ? undefined : latestIn(ctx.store.under(image.id, 'Microsoft.Compute/galleries/images/versions').map(facts), location, req.now);
    if (!version && !latest) {
      throw notFound('GalleryImageNotFound', `'${path}.id': gallery image '${image.name}' has no version that is replicated to '${location}' and not excluded from latest.`);
    }
    req.linked.push({
      action: version ? 'Microsoft.Compute/galleries/images/versions/read' : 'Microsoft.Compute/galleries/images/read',
      scope: (version ?? image).id,
      reason: 'image the virtual machine is created from',
    });
    const served = version ?? ctx.store.get(`${image.id}/versions/${latest?.name ?? ''}`, 'Microsoft.Compute/galleries/images/versions');
    return {
      reference: { id: (version ?? image).id, ...(latest ? { exactVersion: latest.name } : {}) },
      osType: stringAt(image.properties, 'osType') === 'Windows' ? 'Windows' : 'Linux',
      architecture: stringAt(image.properties, 'architecture') === 'Arm64' ? 'Arm64' : 'x64',
      ...requiredSecurity(image.properties),
      unprepared: served?.unprepared === true,
    };
  }
  const fields = ['publisher', 'offer', 'sku', 'version'] as const;
  const [publisher, offer, sku, version] = fields.map((f) => {
    const value = stringAt(ref, f);
    if (!value) throw badRequest('InvalidParameter', `'${path}.${f}' is required when '${path}.id' is not given.`);
    return value;
  }) as [string, string, string, string];
  const image = resolvePlatformImage(ctx, location, { publisher, offer, sku, version });
  return { reference: { publisher, offer, sku, version, exactVersion: image.version }, osType: image.osType, architecture: image.architecture, unprepared: false };
}
