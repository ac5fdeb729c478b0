/**
 * Parses a seed document (every problem reported with its path) and writes what it describes into the state. Seeds
 * add to what is there, so `POST /_emulator/seed` can layer a scenario over the start-up seed.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EmulatorContext } from './context';
import { BUILT_IN_ROLES } from './builtInRoles';
import { DEFAULT_PLATFORM_IMAGES, DEFAULT_PLATFORM_LOCATIONS } from './defaultPlatformImages';
import type { JsonObject } from './json';
import { registerPrincipal } from './principals';
import { normalizeRegion } from './regions';
import { resourceGroupId } from './resourceCommon';
import { seedSchema, type ParsedSeed } from './seedSchema';
import { normalizeScope, subscriptionOfScope } from './scopes';
import { seedVersionSources } from './versionSources';
import { seedUserAssignedIdentities } from './managedIdentities';
import { key, type ArmState, type PlatformImageRecord, type RegionReplication, type RoleDefinitionRecord, type VersionRecord } from './state';

export type { SeedDocument } from './seedSchema';

export class SeedError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(`invalid seed document: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`);
    this.name = 'SeedError';
  }
}

export function parseSeed(value: unknown): ParsedSeed {
  const result = seedSchema.safeParse(value);
  if (!result.success) {
    throw new SeedError(result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, ''), message: i.message })));
  }
  return result.data;
}

const DAY_MS = 24 * 3600 * 1000;

function ensureGroup(state: ArmState, sub: string, rg: string, location: string): void {
  ensureSubscription(state, sub);
  const id = resourceGroupId(sub, rg);
  state.resourceGroups[key(id)] ??= { id, name: rg, location: normalizeRegion(location), tags: {} };
}

function ensureSubscription(state: ArmState, sub: string, displayName?: string): void {
  state.subscriptions[key(sub)] ??= { subscriptionId: sub, displayName: displayName ?? `Emulated subscription ${sub}` };
}

function guidFrom(text: string): string {
  const h = createHash('sha256').update(text.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function seededReplication(regions: string[], home: string, state: ParsedSeed['galleries'][number]['images'][number]['versions'][number]['replication'], now: number, secondsPerRegion: number): RegionReplication[] {
  return regions.map((region, i) => {
    const wanted = typeof state === 'string' ? (region === home && state !== 'Completed' && regions.length > 1 ? 'Completed' : state) : (Object.entries(state).find(([r]) => normalizeRegion(r) === region)?.[1] ?? 'Completed');
    if (wanted === 'Completed') return { region, startAt: now - DAY_MS, endAt: now - DAY_MS + 1, failed: false };
    if (wanted === 'Failed') return { region, startAt: now - DAY_MS, endAt: now - DAY_MS + 1, failed: true };
    return { region, startAt: now, endAt: now + (i + 1) * secondsPerRegion * 1000, failed: false };
  });
}

/** Role references are checked before anything is written, so a bad seed changes nothing. */
function resolveAssignments(state: ArmState, seed: ParsedSeed): { assignment: ParsedSeed['roleAssignments'][number]; roleGuid: string }[] {
  const defs = [...BUILT_IN_ROLES, ...Object.values(state.roleDefinitions), ...seed.roleDefinitions.map((d) => ({ name: d.id.toLowerCase(), roleName: d.roleName }))];
  const problems: { path: string; message: string }[] = [];
  const resolved = seed.roleAssignments.flatMap((assignment, i) => {
    const guid = assignment.roleDefinitionId?.split('/').pop()?.toLowerCase();
    const found = assignment.roleName !== undefined ? defs.find((d) => d.roleName.toLowerCase() === assignment.roleName?.toLowerCase()) : defs.find((d) => d.name.toLowerCase() === guid);
    if (!found) {
      problems.push({ path: `roleAssignments[${i}].${assignment.roleName !== undefined ? 'roleName' : 'roleDefinitionId'}`, message: `no built-in or seeded role definition '${assignment.roleName ?? assignment.roleDefinitionId ?? ''}'` });
      return [];
    }
    return [{ assignment, roleGuid: found.name }];
  });
  if (problems.length > 0) throw new SeedError(problems);
  return resolved;
}

export function applySeed(ctx: EmulatorContext, seed: ParsedSeed): void {
  const state = ctx.store.state;
  const assignments = resolveAssignments(state, seed);
  const now = ctx.clock.now().getTime();
  const defSub = seed.defaults.subscriptionId;
  const defLoc = normalizeRegion(seed.defaults.location);
  ensureSubscription(state, defSub);
  for (const s of seed.subscriptions) ensureSubscription(state, s.id, s.displayName);
  for (const g of seed.resourceGroups) {
    ensureGroup(state, g.subscriptionId ?? defSub, g.name, g.location ?? defLoc);
    const group = state.resourceGroups[key(resourceGroupId(g.subscriptionId ?? defSub, g.name))];
    if (group) group.tags = { ...group.tags, ...g.tags };
  }

  if (seed.defaultPlatformImages) {
    for (const location of DEFAULT_PLATFORM_LOCATIONS) {
      for (const image of DEFAULT_PLATFORM_IMAGES) addPlatform(state, { ...image, location, hyperVGeneration: 'V2', architecture: 'x64' });
    }
  }
  for (const p of seed.platformImages) addPlatform(state, { ...p, location: normalizeRegion(p.location ?? defLoc) });

  for (const g of seed.galleries) {
    const sub = g.subscriptionId ?? defSub;
    const location = normalizeRegion(g.location ?? defLoc);
    ensureGroup(state, sub, g.resourceGroup, location);
    const galleryId = `${resourceGroupId(sub, g.resourceGroup)}/providers/Microsoft.Compute/galleries/${g.name}`;
    ctx.store.put({
      type: 'Microsoft.Compute/galleries',
      id: galleryId,
      name: g.name,
      location,
      tags: g.tags,
      properties: {
        ...(g.description ? { description: g.description } : {}),
        identifier: { uniqueName: `${sub}-${g.name.toUpperCase()}` },
        ...(g.sharing ? { sharingProfile: { permissions: g.sharing } } : {}),
        provisioningState: 'Succeeded',
      },
    });
    for (const image of g.images) {
      const imageId = `${galleryId}/images/${image.name}`;
      ctx.store.put({
        type: 'Microsoft.Compute/galleries/images',
        id: imageId,
        name: image.name,
        location,
        tags: image.tags,
        properties: {
          identifier: { publisher: image.publisher, offer: image.offer ?? image.name, sku: image.sku },
          osType: image.osType,
          osState: image.osState,
          hyperVGeneration: image.hyperVGeneration,
          architecture: image.architecture,
          ...(image.securityType ? { features: [{ name: 'SecurityType', value: image.securityType }] } : {}),
          ...(image.description ? { description: image.description } : {}),
          ...(image.endOfLifeDate ? { endOfLifeDate: new Date(image.endOfLifeDate).toISOString() } : {}),
          provisioningState: 'Succeeded',
        },
      });
      for (const v of image.versions) {
        const regions = (v.targetRegions ?? [location]).map((r) => (typeof r === 'string' ? { name: r } : r));
        const names = [...new Set(regions.map((r) => normalizeRegion(r.name)))];
        if (!names.includes(location)) names.unshift(location);
        const published = v.publishedDate ? Date.parse(v.publishedDate) : now - (v.ageDays ?? 0) * DAY_MS;
        const record: VersionRecord = {
          type: 'Microsoft.Compute/galleries/images/versions',
          id: `${imageId}/versions/${v.name}`,
          name: v.name,
          location,
          tags: v.tags,
          properties: {
            publishingProfile: {
              targetRegions: names.map((name) => {
                const given = regions.find((r) => normalizeRegion(r.name) === name);
                const entry: JsonObject = { name, regionalReplicaCount: given?.regionalReplicaCount ?? v.replicaCount, storageAccountType: given?.storageAccountType ?? v.storageAccountType };
                if (given?.excludeFromLatest !== undefined) entry.excludeFromLatest = given.excludeFromLatest;
                return entry;
              }),
              replicaCount: v.replicaCount,
              excludeFromLatest: v.excludeFromLatest,
              publishedDate: new Date(published).toISOString(),
              ...(v.endOfLifeDate ? { endOfLifeDate: new Date(v.endOfLifeDate).toISOString() } : {}),
              storageAccountType: v.storageAccountType,
              replicationMode: 'Full',
            },
            storageProfile: {
              source: { virtualMachineId: v.sourceVmId ?? `${resourceGroupId(sub, g.resourceGroup)}/providers/Microsoft.Compute/virtualMachines/iab-${image.name}-${v.name.replace(/\./g, '-')}` },
              osDiskImage: { sizeInGB: 30, hostCaching: 'ReadWrite' },
            },
            safetyProfile: { allowDeletionOfReplicatedLocations: true, reportedForPolicyViolation: false, blockDeletionBeforeEndOfLife: v.blockDeletionBeforeEndOfLife },
            provisioningState: 'Succeeded',
          },
          replication: seededReplication(names, location, v.replication, now, ctx.settings.replicationSecondsPerRegion),
        };
        ctx.store.put(record);
      }
    }
  }

  for (const vm of seed.virtualMachines) seedVm(ctx, vm, vm.subscriptionId ?? defSub, normalizeRegion(vm.location ?? defLoc));

  seedVersionSources(ctx, seed, { subscriptionId: defSub, location: defLoc }, (sub, rg, location) => ensureGroup(state, sub, rg, location));
  seedUserAssignedIdentities(ctx, seed.userAssignedIdentities, { subscriptionId: defSub, location: defLoc }, (sub, rg, location) => ensureGroup(state, sub, rg, location));

  for (const s of seed.scaleSets) {
    const sub = s.subscriptionId ?? defSub;
    const location = normalizeRegion(s.location ?? defLoc);
    ensureGroup(state, sub, s.resourceGroup, location);
    ctx.store.put({
      type: 'Microsoft.Compute/virtualMachineScaleSets',
      id: `${resourceGroupId(sub, s.resourceGroup)}/providers/Microsoft.Compute/virtualMachineScaleSets/${s.name}`,
      name: s.name,
      location,
      tags: s.tags,
      sku: { name: s.vmSize, tier: 'Standard', capacity: s.capacity },
      properties: { virtualMachineProfile: { storageProfile: { imageReference: { ...s.imageReference } } }, provisioningState: 'Succeeded' },
    });
  }

  for (const d of seed.roleDefinitions) {
    const def: RoleDefinitionRecord = {
      name: d.id.toLowerCase(),
      roleName: d.roleName,
      description: d.description,
      roleType: 'CustomRole',
      actions: d.actions,
      notActions: d.notActions,
      dataActions: d.dataActions,
      notDataActions: d.notDataActions,
      assignableScopes: (d.assignableScopes ?? [`/subscriptions/${defSub}`]).map(normalizeScope),
    };
    state.roleDefinitions[key(def.name)] = def;
  }

  for (const { assignment: a, roleGuid } of assignments) {
    const scope = normalizeScope(a.scope);
    const sub = subscriptionOfScope(scope);
    if (sub) ensureSubscription(state, sub);
    const name = a.name ?? guidFrom(`${scope}|${roleGuid}|${a.principalId}`);
    const id = `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
    state.roleAssignments[key(id)] = {
      id,
      name,
      scope,
      roleDefinitionId: `${sub ? `/subscriptions/${sub}` : ''}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
      principalId: a.principalId,
      principalType: a.principalType,
      ...(a.description ? { description: a.description } : {}),
      createdOn: new Date(now).toISOString(),
    };
  }

  for (const p of seed.principals) registerPrincipal(state, p.id, p.type, now - p.ageSeconds * 1000);
  for (const { assignment: a } of assignments) registerPrincipal(state, a.principalId, a.principalType, now - DAY_MS);

  state.runCommandFailures.push(...seed.runCommandFailures);
  ctx.store.changed();
}

function addPlatform(state: ArmState, p: Omit<PlatformImageRecord, 'version'> & { versions: string[] }): void {
  for (const version of p.versions) {
    const existing = state.platformImages.find(
      (i) => i.location === p.location && i.publisher.toLowerCase() === p.publisher.toLowerCase() && i.offer.toLowerCase() === p.offer.toLowerCase() && i.sku.toLowerCase() === p.sku.toLowerCase() && i.version === version,
    );
    // Seeding an image again gives it that seed's pending updates (the test seed adds them to the catalog's images).
    if (existing && p.windowsUpdates) existing.windowsUpdates = p.windowsUpdates;
    if (!existing) {
      state.platformImages.push({
        location: p.location, publisher: p.publisher, offer: p.offer, sku: p.sku, version, osType: p.osType, hyperVGeneration: p.hyperVGeneration, architecture: p.architecture,
        ...(p.windowsUpdates ? { windowsUpdates: p.windowsUpdates } : {}),
      });
    }
  }
}

function seedVm(ctx: EmulatorContext, vm: ParsedSeed['virtualMachines'][number], sub: string, location: string): void {
  ensureGroup(ctx.store.state, sub, vm.resourceGroup, location);
  const rgId = resourceGroupId(sub, vm.resourceGroup);
  const id = `${rgId}/providers/Microsoft.Compute/virtualMachines/${vm.name}`;
  const diskName = `${vm.name}_OsDisk_1_${randomUUID().replace(/-/g, '')}`;
  const diskId = `${rgId}/providers/Microsoft.Compute/disks/${diskName}`;
  const nicId = `${rgId}/providers/Microsoft.Network/networkInterfaces/${vm.name}-nic`;
  ctx.store.put({ type: 'Microsoft.Compute/disks', id: diskId, name: diskName, location, tags: {}, properties: { osType: vm.osType, diskSizeGB: 30, diskState: 'Attached', provisioningState: 'Succeeded' } });
  ctx.store.put({ type: 'Microsoft.Network/networkInterfaces', id: nicId, name: `${vm.name}-nic`, location, tags: {}, properties: { primary: true, deleteOption: vm.nicDeleteOption, virtualMachine: { id }, provisioningState: 'Succeeded' } });
  ctx.store.put({
    type: 'Microsoft.Compute/virtualMachines',
    id,
    name: vm.name,
    location,
    tags: vm.tags,
    power: vm.powerState,
    generalized: vm.osState === 'generalized',
    deprovisioned: vm.deprovisioned || vm.osState === 'generalized',
    nicIds: [nicId],
    osDiskId: diskId,
    properties: {
      vmId: randomUUID(),
      hardwareProfile: { vmSize: vm.vmSize },
      storageProfile: {
        imageReference: { ...vm.imageReference },
        osDisk: { osType: vm.osType, name: diskName, createOption: 'FromImage', caching: 'ReadWrite', managedDisk: { id: diskId, storageAccountType: 'Premium_LRS' }, deleteOption: vm.osDiskDeleteOption, diskSizeGB: 30 },
        dataDisks: [],
      },
      osProfile: { computerName: vm.name.slice(0, vm.osType === 'Windows' ? 15 : 64), adminUsername: 'azureuser' },
      networkProfile: { networkInterfaces: [{ id: nicId, properties: { primary: true, deleteOption: vm.nicDeleteOption } }] },
      provisioningState: 'Succeeded',
      timeCreated: new Date(ctx.clock.now().getTime()).toISOString(),
    },
  });
}
