/**
 * Microsoft.Compute/galleries/images/versions: capture from a VM or another version, replication over clock time,
 * the few updatable properties, safety profile, and ARM's conflicts for everything else.
 */
import { ArmError, badRequest, conflict, createOnlyRefused, resourceNotFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { requireGallery } from './galleries';
import { imageId, requireImage } from './galleryImages';
import { arrayAt, booleanAt, isObject, objectAt, stringAt, type Json, type JsonObject } from './json';
import { startOperation } from './lro';
import { keepRegionEncryption, readEncryption } from './versionEncryption';
import { versionNameProblem } from './nameRules';
import { readManagedImageSource, readOsDiskImageSource } from './versionSources';
import { normalizeRegion } from './regions';
import { planInitialReplication, planUpdatedReplication, replicationStatus, type ReplicationTiming } from './replication';
import { envelope, expandIncludes, isoDate, optionalObject, pagedList, propertiesOf, readTags, requireBody, requireLocation } from './resourceCommon';
import type { ImageRecord, VersionRecord } from './state';

const TYPE = 'Microsoft.Compute/galleries/images/versions';
const STORAGE_TYPES = ['Standard_LRS', 'Standard_ZRS', 'Premium_LRS', 'PremiumV2_LRS'];

export function versionId(p: Record<string, string>): string {
  return `${imageId(p)}/versions/${p.galleryImageVersionName ?? ''}`;
}

export function versionView(record: VersionRecord, now: number, withReplication: boolean): JsonObject {
  const properties: JsonObject = { ...record.properties };
  if (withReplication) {
    const status = replicationStatus(record.replication, now);
    properties.replicationStatus = {
      aggregatedState: status.aggregatedState,
      summary: status.summary.map((s) => ({ ...s })),
    };
  }
  return envelope(record, properties);
}

interface TargetRegion {
  name: string;
  regionalReplicaCount: number;
  storageAccountType: string;
  encryption?: JsonObject;
  excludeFromLatest?: boolean;
}

function intInRange(value: Json | undefined, path: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100) {
    throw badRequest('InvalidParameter', `'${path}' must be an integer from 1 to 100.`);
  }
  return value;
}

function storageType(value: Json | undefined, path: string, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string' || !STORAGE_TYPES.includes(value)) {
    throw badRequest('InvalidParameter', `'${path}' must be one of ${STORAGE_TYPES.join(', ')}.`);
  }
  return value;
}

function readTargetRegions(profile: JsonObject, homeRegion: string, replicaCount: number, defaultStorage: string): TargetRegion[] {
  const raw = arrayAt(profile, 'targetRegions');
  if (profile.targetRegions !== undefined && profile.targetRegions !== null && !raw) {
    throw badRequest('InvalidParameter', "'properties.publishingProfile.targetRegions' must be an array.");
  }
  const regions: TargetRegion[] = (raw ?? [{ name: homeRegion } as JsonObject]).map((entry, i) => {
    const path = `properties.publishingProfile.targetRegions[${i}]`;
    if (!isObject(entry) || typeof entry.name !== 'string' || entry.name.trim() === '') {
      throw badRequest('InvalidParameter', `'${path}.name' is required and must be a region name.`);
    }
    const excludeFromLatest = booleanAt(entry, 'excludeFromLatest');
    const encryption = readEncryption(entry.encryption, `${path}.encryption`);
    return {
      name: entry.name,
      regionalReplicaCount: intInRange(entry.regionalReplicaCount, `${path}.regionalReplicaCount`, replicaCount),
      storageAccountType: storageType(entry.storageAccountType, `${path}.storageAccountType`, defaultStorage),
      ...(encryption ? { encryption } : {}),
      ...(excludeFromLatest !== undefined ? { excludeFromLatest } : {}),
    };
  });
  const names = regions.map((r) => normalizeRegion(r.name));
  if (new Set(names).size !== names.length) throw badRequest('InvalidParameter', "'properties.publishingProfile.targetRegions' lists a region twice.");
  if (!names.includes(normalizeRegion(homeRegion))) {
    throw badRequest('InvalidParameter', `'properties.publishingProfile.targetRegions' must include the gallery's region '${homeRegion}'.`);
  }
  return regions;
}

interface Source {
  /** The version's `storageProfile` as ARM reports it: `source`, `osDiskImage` (with its source for disk sources). */
  storageProfile: JsonObject;
  unprepared: boolean;
}

const osDiskImage = (): JsonObject => ({ sizeInGB: 30, hostCaching: 'ReadWrite' });

/** Checks the source and records the linked access ARM checks for it; returns the normalized source object. */
function readSource(ctx: EmulatorContext, req: ArmRequest, props: JsonObject, image: ImageRecord, homeRegion: string): Source {
  const storageProfile = optionalObject(props, 'storageProfile', 'properties.storageProfile');
  const fromDisk = readOsDiskImageSource(ctx, req, storageProfile, image, homeRegion);
  if (fromDisk) return { storageProfile: fromDisk, unprepared: false };
  const source = optionalObject(storageProfile, 'source', 'properties.storageProfile.source');
  const vmId = stringAt(source, 'virtualMachineId') ?? (/\/virtualMachines\//i.test(stringAt(source, 'id') ?? '') ? stringAt(source, 'id') : undefined);
  if (vmId) {
    const vm = ctx.store.get(vmId, 'Microsoft.Compute/virtualMachines');
    if (!vm) throw badRequest('InvalidParameter', `'properties.storageProfile.source.virtualMachineId': the virtual machine '${vmId}' was not found.`);
    if (vm.power !== 'stopped' && vm.power !== 'deallocated') {
      throw conflict('OperationNotAllowed', `The source virtual machine '${vm.name}' must be stopped or deallocated before an image version is captured (power state: ${vm.power}).`);
    }
    const osState = stringAt(image.properties, 'osState');
    if (osState === 'Generalized' && !vm.generalized) {
      throw badRequest('InvalidParameter', `The source virtual machine '${vm.name}' is not generalized, but image definition '${image.name}' has osState Generalized.`);
    }
    if (osState === 'Specialized' && vm.generalized) {
      throw badRequest('InvalidParameter', `The source virtual machine '${vm.name}' is generalized, but image definition '${image.name}' has osState Specialized.`);
    }
    if (normalizeRegion(vm.location) !== normalizeRegion(homeRegion)) {
      throw badRequest('InvalidParameter', `The source virtual machine '${vm.name}' is in '${vm.location}'; it must be in the gallery's region '${homeRegion}'.`);
    }
    req.linked.push({ action: 'Microsoft.Compute/virtualMachines/write', scope: vm.id, reason: 'capture source virtual machine' });
    // ARM cannot see inside the guest: a generalized capture without deprovision succeeds here and fails at boot.
    return { storageProfile: { source: { virtualMachineId: vm.id }, osDiskImage: osDiskImage() }, unprepared: osState === 'Generalized' && !vm.deprovisioned };
  }
  const sourceId = stringAt(source, 'id');
  if (sourceId) {
    const managedImage = readManagedImageSource(ctx, req, sourceId, image, homeRegion);
    if (managedImage) return { storageProfile: managedImage, unprepared: false };
    const version = ctx.store.get(sourceId, TYPE);
    if (!version) throw badRequest('InvalidParameter', `'properties.storageProfile.source.id': the gallery image version '${sourceId}' was not found.`);
    req.linked.push({ action: `${TYPE}/read`, scope: version.id, reason: 'source gallery image version' });
    return { storageProfile: { source: { id: version.id }, osDiskImage: osDiskImage() }, unprepared: version.unprepared === true };
  }
  throw badRequest(
    'InvalidParameter',
    "'properties.storageProfile.source' must name a 'virtualMachineId' or the 'id' of a managed image or gallery image version, or 'properties.storageProfile.osDiskImage.source' a snapshot, disk or VHD.",
  );
}

function timing(ctx: EmulatorContext, req: ArmRequest, homeRegion: string): ReplicationTiming {
  return {
    now: req.now,
    homeRegion,
    provisioningSeconds: ctx.settings.provisioningSeconds,
    secondsPerRegion: ctx.settings.replicationSecondsPerRegion,
    failRegions: req.failRegions,
  };
}

interface Updatable {
  targetRegions: TargetRegion[];
  replicaCount: number;
  excludeFromLatest: boolean;
  endOfLifeDate?: string;
}

function readUpdatable(profile: JsonObject, current: JsonObject | undefined, homeRegion: string): Updatable {
  const replicaCount = intInRange(profile.replicaCount ?? current?.replicaCount, 'properties.publishingProfile.replicaCount', 1);
  const storage = storageType(profile.storageAccountType ?? current?.storageAccountType, 'properties.publishingProfile.storageAccountType', 'Standard_LRS');
  const merged: JsonObject = { ...(current ?? {}), ...profile };
  const endOfLifeDate = isoDate(merged.endOfLifeDate, 'properties.publishingProfile.endOfLifeDate');
  const exclude = merged.excludeFromLatest;
  if (exclude !== undefined && typeof exclude !== 'boolean') throw badRequest('InvalidParameter', "'properties.publishingProfile.excludeFromLatest' must be a boolean.");
  return {
    targetRegions: readTargetRegions(merged, homeRegion, replicaCount, storage),
    replicaCount,
    excludeFromLatest: exclude ?? false,
    ...(endOfLifeDate ? { endOfLifeDate } : {}),
  };
}

function checkImmutable(existing: VersionRecord, props: JsonObject, source: JsonObject | undefined): void {
  const profile = objectAt(props, 'publishingProfile') ?? {};
  const current = objectAt(existing.properties, 'publishingProfile') ?? {};
  const currentSource = objectAt(objectAt(existing.properties, 'storageProfile'), 'source');
  if (source && JSON.stringify(lowerValues(source)) !== JSON.stringify(lowerValues(currentSource ?? {}))) {
    throw conflict('PropertyChangeNotAllowed', "Changing property 'properties.storageProfile.source' is not allowed: gallery image versions are immutable.");
  }
  for (const field of ['storageAccountType', 'replicationMode']) {
    if (profile[field] !== undefined && profile[field] !== current[field]) {
      throw conflict('PropertyChangeNotAllowed', `Changing property 'properties.publishingProfile.${field}' is not allowed.`);
    }
  }
}

function lowerValues(obj: JsonObject): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, String(v).toLowerCase()]));
}

function safetyProfile(props: JsonObject, current: JsonObject | undefined): JsonObject {
  const given = optionalObject(props, 'safetyProfile', 'properties.safetyProfile') ?? {};
  const flag = (name: string, fallback: boolean): boolean => {
    const value = given[name];
    if (value === undefined) return booleanAt(current, name) ?? fallback;
    if (typeof value !== 'boolean') throw badRequest('InvalidParameter', `'properties.safetyProfile.${name}' must be a boolean.`);
    return value;
  };
  return {
    allowDeletionOfReplicatedLocations: flag('allowDeletionOfReplicatedLocations', true),
    reportedForPolicyViolation: false,
    blockDeletionBeforeEndOfLife: flag('blockDeletionBeforeEndOfLife', false),
  };
}

function publishingProfile(u: Updatable, storage: string, publishedDate: string): JsonObject {
  return {
    targetRegions: u.targetRegions.map((r) => ({ ...r })),
    replicaCount: u.replicaCount,
    excludeFromLatest: u.excludeFromLatest,
    publishedDate,
    ...(u.endOfLifeDate ? { endOfLifeDate: u.endOfLifeDate } : {}),
    storageAccountType: storage,
    replicationMode: 'Full',
  };
}

export function putVersion(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const name = req.params.galleryImageVersionName ?? '';
  const problem = versionNameProblem(name);
  if (problem) throw badRequest('InvalidParameter', problem);
  const gallery = requireGallery(ctx, req.params);
  const image = requireImage(ctx, req.params);
  const body = requireBody(req);
  requireLocation(body, gallery.location);
  const props = propertiesOf(body);
  const profile = optionalObject(props, 'publishingProfile', 'properties.publishingProfile') ?? {};
  const existing = ctx.store.get(versionId(req.params), TYPE);
  if (existing && req.createOnly) throw createOnlyRefused(TYPE, name);
  if (existing) return updateVersion(ctx, req, existing, body, true);

  const { storageProfile, unprepared } = readSource(ctx, req, props, image, gallery.location);
  const updatable = readUpdatable(profile, undefined, gallery.location);
  const storage = storageType(profile.storageAccountType, 'properties.publishingProfile.storageAccountType', 'Standard_LRS');
  const id = versionId(req.params);
  const record: VersionRecord = {
    type: TYPE,
    id,
    name,
    location: gallery.location,
    tags: readTags(body),
    properties: {
      publishingProfile: publishingProfile(updatable, storage, new Date(req.now).toISOString()),
      storageProfile,
      safetyProfile: safetyProfile(props, undefined),
      provisioningState: 'Creating',
    },
    replication: planInitialReplication(updatable.targetRegions.map((r) => r.name), timing(ctx, req, gallery.location)),
    ...(unprepared ? { unprepared } : {}),
  };
  ctx.store.put(record);
  const headers = startVersionWrite(ctx, req, id, gallery.location, ctx.settings.provisioningSeconds);
  return { status: 201, body: versionView(record, req.now, false), headers };
}

/** A create or update runs as ARM's long-running write: the version is Succeeded (or Failed) when it settles. */
function startVersionWrite(ctx: EmulatorContext, req: ArmRequest, resourceId: string, location: string, seconds: number) {
  return startOperation(ctx, req, {
    name: `${TYPE}/write`,
    subscriptionId: req.params.subscriptionId ?? '',
    location,
    seconds,
    onSuccess: [{ kind: 'provisioned', resourceId, state: 'Succeeded' }],
    onFailure: [{ kind: 'provisioned', resourceId, state: 'Failed' }],
    resultStatus: 200,
  });
}

export function patchVersion(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  requireImage(ctx, req.params);
  const existing = ctx.store.get(versionId(req.params), TYPE);
  if (!existing) throw resourceNotFound(TYPE, `${req.params.galleryName}/${req.params.galleryImageName}/${req.params.galleryImageVersionName}`, req.params.resourceGroupName);
  return updateVersion(ctx, req, existing, requireBody(req), false);
}

function updateVersion(ctx: EmulatorContext, req: ArmRequest, existing: VersionRecord, body: JsonObject, isPut: boolean): ArmResponse {
  const state = stringAt(existing.properties, 'provisioningState');
  if (state === 'Creating' || state === 'Updating' || state === 'Deleting') {
    throw conflict('OperationNotAllowed', `The gallery image version '${existing.name}' is '${state}'; wait for the running operation to finish.`);
  }
  const props = propertiesOf(body);
  const storageProfile = optionalObject(props, 'storageProfile', 'properties.storageProfile');
  const givenSource = optionalObject(storageProfile, 'source', 'properties.storageProfile.source');
  const source = givenSource
    ? { ...(stringAt(givenSource, 'virtualMachineId') ? { virtualMachineId: stringAt(givenSource, 'virtualMachineId') ?? '' } : {}), ...(stringAt(givenSource, 'id') ? { id: stringAt(givenSource, 'id') ?? '' } : {}) }
    : undefined;
  checkImmutable(existing, props, source);
  const current = objectAt(existing.properties, 'publishingProfile');
  const given = optionalObject(props, 'publishingProfile', 'properties.publishingProfile') ?? {};
  // A PUT replaces the updatable set (omitted = default); a PATCH merges into what is there.
  const base = isPut ? { storageAccountType: current?.storageAccountType ?? 'Standard_LRS' } : current;
  const updatable = readUpdatable(given, base, existing.location);
  updatable.targetRegions = keepRegionEncryption(updatable.targetRegions, arrayAt(current, 'targetRegions'));
  const allowRemoval = booleanAt(objectAt(existing.properties, 'safetyProfile'), 'allowDeletionOfReplicatedLocations') ?? true;
  const wanted = updatable.targetRegions.map((r) => normalizeRegion(r.name));
  const removed = existing.replication.filter((r) => !wanted.includes(r.region));
  if (!allowRemoval && removed.length > 0) {
    throw conflict('OperationNotAllowed', `Removing replicated regions (${removed.map((r) => r.region).join(', ')}) is blocked by 'safetyProfile.allowDeletionOfReplicatedLocations'.`);
  }
  existing.properties.publishingProfile = publishingProfile(updatable, String(current?.storageAccountType ?? 'Standard_LRS'), String(current?.publishedDate ?? new Date(req.now).toISOString()));
  existing.properties.safetyProfile = safetyProfile(props, objectAt(existing.properties, 'safetyProfile'));
  existing.tags = readTags(body, isPut ? {} : existing.tags);
  existing.replication = planUpdatedReplication(existing.replication, wanted, timing(ctx, req, existing.location));
  existing.properties.provisioningState = 'Updating';
  ctx.store.put(existing);
  const headers = startVersionWrite(ctx, req, existing.id, existing.location, 0);
  return { status: 200, body: versionView(existing, req.now, false), headers };
}

export function getVersion(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  requireImage(ctx, req.params);
  const record = ctx.store.get(versionId(req.params), TYPE);
  if (!record) throw resourceNotFound(TYPE, `${req.params.galleryName}/${req.params.galleryImageName}/${req.params.galleryImageVersionName}`, req.params.resourceGroupName);
  return { status: 200, body: versionView(record, req.now, expandIncludes(req, 'ReplicationStatus')) };
}

export function deleteVersion(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  requireImage(ctx, req.params);
  const record = ctx.store.get(versionId(req.params), TYPE);
  if (!record) return { status: 204 };
  const safety = objectAt(record.properties, 'safetyProfile');
  const eol = stringAt(objectAt(record.properties, 'publishingProfile'), 'endOfLifeDate');
  if (booleanAt(safety, 'blockDeletionBeforeEndOfLife') && (!eol || Date.parse(eol) > req.now)) {
    throw new ArmError(409, 'OperationNotAllowed', `Deleting gallery image version '${record.name}' before its end-of-life date (${eol ?? 'not set'}) is blocked by 'safetyProfile.blockDeletionBeforeEndOfLife'.`);
  }
  record.properties.provisioningState = 'Deleting';
  ctx.store.put(record);
  const headers = startOperation(ctx, req, {
    name: `${TYPE}/delete`,
    subscriptionId: req.params.subscriptionId ?? '',
    location: record.location,
    seconds: ctx.settings.provisioningSeconds,
    onSuccess: [{ kind: 'deleteResource', resourceId: record.id }],
    onFailure: [{ kind: 'provisioned', resourceId: record.id, state: 'Failed' }],
    resultStatus: 204,
  });
  return { status: 202, headers };
}

export function listVersions(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const image = requireImage(ctx, req.params);
  const withReplication = expandIncludes(req, 'ReplicationStatus');
  return pagedList(req, ctx.store.under(image.id, TYPE).map((v) => versionView(v, req.now, withReplication)));
}

