/**
 * Import sources of gallery image versions, as GalleryRP takes them: a managed image (`storageProfile.source.id`),
 * a snapshot or managed disk (`storageProfile.osDiskImage.source.id`), or a VHD blob with the storage account that
 * holds it (`storageProfile.osDiskImage.source: { uri, storageAccountId }`); the resources themselves (read-only,
 * seeded), and ARM's refusals: a source in another region than the gallery, an OS type, OS state or Hyper-V
 * generation the definition does not have, a VHD that is not a blob of the named account.
 */
import { badRequest, resourceNotFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { findBlob, putBlob } from './blobStore';
import { objectAt, stringAt, type JsonObject } from './json';
import { normalizeRegion } from './regions';
import { envelope, optionalObject, pagedList, requireResourceGroup, resourceGroupId } from './resourceCommon';
import type { ParsedSeed } from './seedSchema';
import type { ImageRecord, ResourceRecord } from './state';

export type SourceType = 'Microsoft.Compute/images' | 'Microsoft.Compute/snapshots' | 'Microsoft.Compute/disks' | 'Microsoft.Storage/storageAccounts';

const LABELS: Record<SourceType, string> = {
  'Microsoft.Compute/images': 'image',
  'Microsoft.Compute/snapshots': 'snapshot',
  'Microsoft.Compute/disks': 'disk',
  'Microsoft.Storage/storageAccounts': 'storage account',
};

function idOf(type: SourceType, p: Record<string, string>): string {
  return `${resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '')}/providers/${type}/${p.name ?? ''}`;
}

/** GET of one source resource as ARM returns it (an ARM 404 when missing). */
export function getSource(type: SourceType) {
  return (ctx: EmulatorContext, req: ArmRequest): ArmResponse => {
    requireResourceGroup(ctx, req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
    const record = ctx.store.get(idOf(type, req.params), type);
    if (!record) throw resourceNotFound(type, req.params.name ?? '', req.params.resourceGroupName);
    return { status: 200, body: envelope(record) };
  };
}

export function listSources(type: SourceType) {
  return (ctx: EmulatorContext, req: ArmRequest): ArmResponse => {
    const p = req.params;
    requireResourceGroup(ctx, p.subscriptionId ?? '', p.resourceGroupName ?? '');
    return pagedList(req, ctx.store.under(resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? ''), type).map((r) => envelope(r)));
  };
}

/** What the gallery checks of a source: a managed image reports its OS on `storageProfile.osDisk`, disks on themselves. */
interface SourceFacts {
  osType?: string;
  osState?: string;
  hyperVGeneration?: string;
}

function factsOf(record: ResourceRecord): SourceFacts {
  if (record.type === 'Microsoft.Compute/images') {
    const osDisk = objectAt(objectAt(record.properties, 'storageProfile'), 'osDisk');
    // ARM reports V1 for a managed image created without a generation.
    return { osType: stringAt(osDisk, 'osType'), osState: stringAt(osDisk, 'osState'), hyperVGeneration: stringAt(record.properties, 'hyperVGeneration') ?? 'V1' };
  }
  return { osType: stringAt(record.properties, 'osType'), hyperVGeneration: stringAt(record.properties, 'hyperVGeneration') };
}

function checkAgainstDefinition(record: ResourceRecord, image: ImageRecord, homeRegion: string, path: string): void {
  const label = LABELS[record.type as SourceType];
  const facts = factsOf(record);
  const wanted = (field: string) => stringAt(image.properties, field);
  if (normalizeRegion(record.location) !== normalizeRegion(homeRegion)) {
    throw badRequest('InvalidParameter', `'${path}': the source ${label} '${record.name}' is in '${record.location}'; the source of a gallery image version must be in the gallery's region '${homeRegion}'.`);
  }
  if (facts.osType !== undefined && facts.osType.toLowerCase() !== (wanted('osType') ?? '').toLowerCase()) {
    throw badRequest('InvalidParameter', `The OS type '${facts.osType}' of the source ${label} '${record.name}' does not match the OS type '${wanted('osType') ?? ''}' of gallery image '${image.name}'.`);
  }
  if (facts.osState !== undefined && facts.osState.toLowerCase() !== (wanted('osState') ?? '').toLowerCase()) {
    throw badRequest('InvalidParameter', `The source ${label} '${record.name}' is ${facts.osState}, but gallery image '${image.name}' has osState ${wanted('osState') ?? ''}.`);
  }
  const generation = wanted('hyperVGeneration') ?? 'V1';
  if (facts.hyperVGeneration !== undefined && facts.hyperVGeneration.toLowerCase() !== generation.toLowerCase()) {
    throw badRequest('InvalidParameter', `The Hyper-V generation '${facts.hyperVGeneration}' of the source ${label} '${record.name}' does not match the Hyper-V generation '${generation}' of gallery image '${image.name}'.`);
  }
}

const compute = (id: string, kind: 'images' | 'snapshots' | 'disks') => new RegExp(`/providers/Microsoft\\.Compute/${kind}/[^/]+$`, 'i').test(id);

/** A managed image named by `storageProfile.source.id`, or undefined when the ID names something else. */
export function readManagedImageSource(ctx: EmulatorContext, req: ArmRequest, sourceId: string, image: ImageRecord, homeRegion: string): JsonObject | undefined {
  if (!compute(sourceId, 'images')) return undefined;
  const record = ctx.store.get(sourceId, 'Microsoft.Compute/images');
  if (!record) throw badRequest('InvalidParameter', `'properties.storageProfile.source.id': the image '${sourceId}' was not found.`);
  checkAgainstDefinition(record, image, homeRegion, 'properties.storageProfile.source.id');
  req.linked.push({ action: 'Microsoft.Compute/images/read', scope: record.id, reason: 'source managed image' });
  return { source: { id: record.id }, osDiskImage: { sizeInGB: 30, hostCaching: 'ReadWrite' } };
}

/** `storageProfile.osDiskImage.source`: a snapshot or disk by `id`, or a VHD by `uri` and `storageAccountId`; undefined when absent. */
export function readOsDiskImageSource(ctx: EmulatorContext, req: ArmRequest, storageProfile: JsonObject | undefined, image: ImageRecord, homeRegion: string): JsonObject | undefined {
  const osDiskImage = optionalObject(storageProfile, 'osDiskImage', 'properties.storageProfile.osDiskImage');
  const source = optionalObject(osDiskImage, 'source', 'properties.storageProfile.osDiskImage.source');
  if (!source) return undefined;
  const path = 'properties.storageProfile.osDiskImage.source';
  const id = stringAt(source, 'id');
  if (id !== undefined) {
    const type = compute(id, 'snapshots') ? 'Microsoft.Compute/snapshots' : compute(id, 'disks') ? 'Microsoft.Compute/disks' : undefined;
    if (!type) throw badRequest('InvalidParameter', `'${path}.id' must be the ID of a snapshot or a managed disk; got '${id}'.`);
    const record = ctx.store.get(id, type);
    if (!record) throw badRequest('InvalidParameter', `'${path}.id': the ${LABELS[type]} '${id}' was not found.`);
    checkAgainstDefinition(record, image, homeRegion, `${path}.id`);
    req.linked.push({ action: `${type}/read`, scope: record.id, reason: `source ${LABELS[type]}` });
    return { osDiskImage: { source: { id: record.id }, sizeInGB: 30, hostCaching: 'ReadWrite' } };
  }
  const uri = stringAt(source, 'uri');
  const accountId = stringAt(source, 'storageAccountId');
  if (uri === undefined) throw badRequest('InvalidParameter', `'${path}' must give the 'id' of a snapshot or disk, or the 'uri' of a VHD with its 'storageAccountId'.`);
  if (accountId === undefined) throw badRequest('InvalidParameter', `'${path}.storageAccountId' is required with '${path}.uri'.`);
  const account = ctx.store.get(accountId, 'Microsoft.Storage/storageAccounts');
  if (!account) throw badRequest('InvalidParameter', `'${path}.storageAccountId': the storage account '${accountId}' was not found.`);
  let host: string;
  try {
    host = new URL(uri).hostname.toLowerCase();
  } catch {
    throw badRequest('InvalidParameter', `'${path}.uri' must be an absolute blob URI; got '${uri}'.`);
  }
  if (host !== `${account.name.toLowerCase()}.blob.core.windows.net`) {
    throw badRequest('InvalidParameter', `'${path}.uri': the blob '${uri}' is not in storage account '${account.name}'.`);
  }
  if (!findBlob(ctx, uri)) throw badRequest('InvalidParameter', `'${path}.uri': the blob '${uri}' was not found in storage account '${account.name}'.`);
  if (normalizeRegion(account.location) !== normalizeRegion(homeRegion)) {
    throw badRequest('InvalidParameter', `'${path}.storageAccountId': the storage account '${account.name}' is in '${account.location}'; the source of a gallery image version must be in the gallery's region '${homeRegion}'.`);
  }
  req.linked.push({ action: 'Microsoft.Storage/storageAccounts/listKeys/action', scope: account.id, reason: 'source VHD storage account' });
  return { osDiskImage: { source: { uri, storageAccountId: account.id }, sizeInGB: 30, hostCaching: 'ReadWrite' } };
}


type SourceSeeds = Pick<ParsedSeed, 'managedImages' | 'snapshots' | 'disks' | 'storageAccounts'>;

/** Writes the seed's import sources; `ensureGroup` creates their resource groups as the rest of the seed does. */
export function seedVersionSources(ctx: EmulatorContext, seed: SourceSeeds, defaults: { subscriptionId: string; location: string }, ensureGroup: (sub: string, rg: string, location: string) => void): void {
  const place = (s: { subscriptionId?: string | undefined; resourceGroup: string; location?: string | undefined }, type: SourceType, name: string) => {
    const sub = s.subscriptionId ?? defaults.subscriptionId;
    const location = normalizeRegion(s.location ?? defaults.location);
    ensureGroup(sub, s.resourceGroup, location);
    return { id: `${resourceGroupId(sub, s.resourceGroup)}/providers/${type}/${name}`, location };
  };
  for (const m of seed.managedImages) {
    const { id, location } = place(m, 'Microsoft.Compute/images', m.name);
    ctx.store.put({
      type: 'Microsoft.Compute/images',
      id,
      name: m.name,
      location,
      tags: m.tags,
      properties: {
        ...(m.sourceVmId ? { sourceVirtualMachine: { id: m.sourceVmId } } : {}),
        storageProfile: { osDisk: { osType: m.osType, osState: m.osState, caching: 'ReadWrite', storageAccountType: 'Premium_LRS', diskSizeGB: 30 }, dataDisks: [], zoneResilient: false },
        hyperVGeneration: m.hyperVGeneration,
        provisioningState: 'Succeeded',
      },
    });
  }
  for (const [type, list] of [['Microsoft.Compute/snapshots', seed.snapshots], ['Microsoft.Compute/disks', seed.disks]] as const) {
    for (const d of list) {
      const { id, location } = place(d, type, d.name);
      const properties: JsonObject = {
        osType: d.osType,
        hyperVGeneration: d.hyperVGeneration,
        supportedCapabilities: { architecture: d.architecture },
        creationData: { createOption: 'Empty' },
        diskSizeGB: 30,
        provisioningState: 'Succeeded',
        ...(type === 'Microsoft.Compute/disks' ? { diskState: 'Unattached' } : {}),
      };
      ctx.store.put(type === 'Microsoft.Compute/disks' ? { type, id, name: d.name, location, tags: d.tags, properties } : { type, id, name: d.name, location, tags: d.tags, properties });
    }
  }
  for (const a of seed.storageAccounts) {
    const { id, location } = place(a, 'Microsoft.Storage/storageAccounts', a.name);
    const endpoint = `https://${a.name}.blob.core.windows.net/`;
    ctx.store.put({ type: 'Microsoft.Storage/storageAccounts', id, name: a.name, location, tags: a.tags, properties: { primaryEndpoints: { blob: endpoint }, provisioningState: 'Succeeded' } });
    // Only the blob's existence matters to a version source: its content is a placeholder, not a disk.
    for (const path of a.vhds) putBlob(ctx, `${endpoint}${path}`, `emulated VHD ${path}`, ctx.clock.now().getTime());
  }
}
