/**
 * `publishingProfile.targetRegions[].encryption` of an image version (customer-managed keys per region): kept and
 * returned as sent, with the checks ARM makes on its shape. Disk encryption sets themselves are not emulated, so a
 * well-formed ID is trusted to exist in the target region.
 */
import { badRequest, conflict } from './armError';
import { isObject, type Json, type JsonObject } from './json';
import { normalizeRegion } from './regions';

const CONFIDENTIAL_TYPES = ['EncryptedVMGuestStateOnlyWithPmk', 'EncryptedWithPmk', 'EncryptedWithCmk', 'NonPersistedTPM'];
const RESOURCE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/([^/]+)\/([^/]+)\/[^/]+$/i;
const MAX_LUN = 63;

/** ARM's own check of a property that must be a resource ID, before the resource provider sees the request. */
function diskEncryptionSetId(value: Json | undefined, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const match = typeof value === 'string' ? RESOURCE_ID.exec(value) : null;
  if (!match) {
    throw badRequest(
      'LinkedInvalidPropertyId',
      `Property id '${String(value)}' at path '${path}' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`,
    );
  }
  if (`${match[1]}/${match[2]}`.toLowerCase() !== 'microsoft.compute/diskencryptionsets') {
    throw badRequest('InvalidParameter', `'${path}' must be the ID of a Microsoft.Compute/diskEncryptionSets resource; got a '${match[1]}/${match[2]}' ID.`);
  }
  return value as string;
}

function objectOrNothing(value: Json | undefined, path: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw badRequest('InvalidParameter', `'${path}' must be a JSON object.`);
  return value;
}

function osDiskImage(value: Json | undefined, path: string): JsonObject | undefined {
  const given = objectOrNothing(value, path);
  if (!given) return undefined;
  const out: JsonObject = {};
  const des = diskEncryptionSetId(given.diskEncryptionSetId, `${path}.diskEncryptionSetId`);
  if (des) out.diskEncryptionSetId = des;
  const security = objectOrNothing(given.securityProfile, `${path}.securityProfile`);
  if (security) {
    const type = security.confidentialVMEncryptionType;
    if (type !== undefined && type !== null && (typeof type !== 'string' || !CONFIDENTIAL_TYPES.includes(type))) {
      throw badRequest('InvalidParameter', `'${path}.securityProfile.confidentialVMEncryptionType' must be one of ${CONFIDENTIAL_TYPES.join(', ')}.`);
    }
    const secureDes = diskEncryptionSetId(security.secureVMDiskEncryptionSetId, `${path}.securityProfile.secureVMDiskEncryptionSetId`);
    out.securityProfile = { ...(typeof type === 'string' ? { confidentialVMEncryptionType: type } : {}), ...(secureDes ? { secureVMDiskEncryptionSetId: secureDes } : {}) };
  }
  return out;
}

function dataDiskImages(value: Json | undefined, path: string): JsonObject[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badRequest('InvalidParameter', `'${path}' must be an array.`);
  const seen = new Set<number>();
  return value.map((entry, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(entry)) throw badRequest('InvalidParameter', `'${at}' must be a JSON object.`);
    const lun = entry.lun;
    if (typeof lun !== 'number' || !Number.isInteger(lun) || lun < 0 || lun > MAX_LUN) {
      throw badRequest('InvalidParameter', `'${at}.lun' is required: an integer from 0 to ${MAX_LUN}.`);
    }
    if (seen.has(lun)) throw badRequest('InvalidParameter', `'${at}.lun' ${lun} is listed twice; each data disk image is encrypted once.`);
    seen.add(lun);
    const des = diskEncryptionSetId(entry.diskEncryptionSetId, `${at}.diskEncryptionSetId`);
    return { lun, ...(des ? { diskEncryptionSetId: des } : {}) };
  });
}

/** The encryption of one target region, checked and reduced to the properties ARM knows; undefined when absent. */
export function readEncryption(value: Json | undefined, path: string): JsonObject | undefined {
  const given = objectOrNothing(value, path);
  if (!given) return undefined;
  const os = osDiskImage(given.osDiskImage, `${path}.osDiskImage`);
  const data = dataDiskImages(given.dataDiskImages, `${path}.dataDiskImages`);
  return { ...(os ? { osDiskImage: os } : {}), ...(data ? { dataDiskImages: data } : {}) };
}

interface EncryptedRegion {
  name: string;
  encryption?: JsonObject;
}

/**
 * A region already in the version keeps its encryption: an update that leaves it out keeps it, one that names a
 * different one is refused (the replica is already encrypted with the keys it has).
 */
export function keepRegionEncryption<T extends EncryptedRegion>(wanted: T[], current: readonly Json[] | undefined): T[] {
  return wanted.map((region) => {
    const before = (current ?? []).find((c) => isObject(c) && typeof c.name === 'string' && normalizeRegion(c.name) === normalizeRegion(region.name));
    if (!isObject(before)) return region;
    const existing = objectOrNothing(before.encryption, 'encryption');
    if (region.encryption === undefined) return existing ? { ...region, encryption: existing } : region;
    if (JSON.stringify(region.encryption) !== JSON.stringify(existing ?? null)) {
      throw conflict('PropertyChangeNotAllowed', `Changing property 'properties.publishingProfile.targetRegions.encryption' of region '${region.name}' is not allowed.`);
    }
    return region;
  });
}
