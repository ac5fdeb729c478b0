/**
 * The ARM surface this emulator serves: path patterns as the REST specs write them, each method with its handler,
 * its request kind and the RBAC action ARM would check (the request log reports both).
 */
import { deleteAttached, getAttached, listAttached } from './attachedResources';
import {
  deleteRoleAssignment, deleteRoleDefinition, getRoleAssignment, getRoleDefinition, listRoleAssignments, listRoleDefinitions, putRoleAssignment,
  putRoleDefinition,
} from './authorization';
import type { Handler } from './context';
import { deleteGallery, getGallery, listGalleries, patchGallery, putGallery } from './galleries';
import { shareGallery } from './gallerySharing';
import { deleteImage, getImage, listImages, patchImage, putImage } from './galleryImages';
import { deleteVersion, getVersion, listVersions, patchVersion, putVersion } from './galleryImageVersions';
import { getUserAssignedIdentity } from './managedIdentities';
import { getOperationResult, getOperationStatus } from './operations';
import { getPlatformVersion, listPlatformVersions } from './platformImages';
import { getResourceGroup, listResourceGroups, putResourceGroup } from './resourceGroups';
import { parentScope, selfScope, type MethodSpec, type RequestKind, type Route } from './router';
import { deleteRunCommand, getRunCommand, listRunCommands, putRunCommand } from './runCommands';
import { getScaleSet, listScaleSets, putScaleSet } from './scaleSets';
import { getSource, listSources } from './versionSources';
import {
  deallocateVm, deleteVm, generalizeVm, getVm, getVmInstanceView, listVms, patchVm, powerOffVm, putVm, restartVm, startVm,
} from './virtualMachines';

const SUB = '/subscriptions/{subscriptionId}';
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const COMPUTE = `${RG}/providers/Microsoft.Compute`;
const GALLERY = `${COMPUTE}/galleries/{galleryName}`;
const IMAGE = `${GALLERY}/images/{galleryImageName}`;
const VM = `${COMPUTE}/virtualMachines/{vmName}`;
const LOCATION = `${SUB}/providers/Microsoft.Compute/locations/{location}`;
const PLATFORM = `${LOCATION}/publishers/{publisherName}/artifacttypes/vmimage/offers/{offer}/skus/{skus}/versions`;

const SUFFIX: Record<RequestKind, string> = { read: 'read', write: 'write', delete: 'delete', action: 'action', poll: 'read' };

function m(kind: RequestKind, type: string, handler: Handler): MethodSpec {
  return { kind, handler, action: `${type}/${SUFFIX[kind]}` };
}

/** GET/PUT/PATCH/DELETE on one resource of `type`. */
function item(type: string, handlers: { get?: Handler; put?: Handler; patch?: Handler; delete?: Handler }): Route['methods'] {
  return {
    ...(handlers.get ? { GET: m('read', type, handlers.get) } : {}),
    ...(handlers.put ? { PUT: m('write', type, handlers.put) } : {}),
    ...(handlers.patch ? { PATCH: m('write', type, handlers.patch) } : {}),
    ...(handlers.delete ? { DELETE: m('delete', type, handlers.delete) } : {}),
  };
}

const authorizationScope = (_path: string, p: Record<string, string>) => p.scope || '/';

export const ROUTES: Route[] = [
  // Operation status and result resources handed out by LROs.
  { pattern: `${LOCATION}/operations/{operationId}`, scope: selfScope, methods: { GET: m('poll', 'Microsoft.Compute/locations/operations', getOperationStatus) } },
  { pattern: `${LOCATION}/operationResults/{operationId}`, scope: selfScope, methods: { GET: m('poll', 'Microsoft.Compute/locations/operations', getOperationResult) } },

  // Platform images and location-wide lists.
  { pattern: PLATFORM, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/locations/publishers/artifacttypes/offers/skus/versions', listPlatformVersions) } },
  { pattern: `${PLATFORM}/{version}`, scope: selfScope, methods: { GET: m('read', 'Microsoft.Compute/locations/publishers/artifacttypes/offers/skus/versions', getPlatformVersion) } },
  { pattern: `${LOCATION}/virtualMachines`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/virtualMachines', listVms) } },
  { pattern: `${LOCATION}/virtualMachineScaleSets`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/virtualMachineScaleSets', listScaleSets) } },

  // Resource groups.
  { pattern: `${SUB}/resourcegroups`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Resources/subscriptions/resourceGroups', listResourceGroups) } },
  { pattern: RG, scope: selfScope, methods: item('Microsoft.Resources/subscriptions/resourceGroups', { get: getResourceGroup, put: putResourceGroup }) },

  // Galleries, definitions, versions.
  { pattern: `${SUB}/providers/Microsoft.Compute/galleries`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/galleries', listGalleries) } },
  { pattern: `${COMPUTE}/galleries`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/galleries', listGalleries) } },
  { pattern: GALLERY, scope: selfScope, methods: item('Microsoft.Compute/galleries', { get: getGallery, put: putGallery, patch: patchGallery, delete: deleteGallery }) },
  { pattern: `${GALLERY}/share`, scope: parentScope, methods: { POST: m('action', 'Microsoft.Compute/galleries/share', shareGallery) } },
  { pattern: `${GALLERY}/images`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/galleries/images', listImages) } },
  { pattern: IMAGE, scope: selfScope, methods: item('Microsoft.Compute/galleries/images', { get: getImage, put: putImage, patch: patchImage, delete: deleteImage }) },
  { pattern: `${IMAGE}/versions`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/galleries/images/versions', listVersions) } },
  {
    pattern: `${IMAGE}/versions/{galleryImageVersionName}`,
    scope: selfScope,
    methods: item('Microsoft.Compute/galleries/images/versions', { get: getVersion, put: putVersion, patch: patchVersion, delete: deleteVersion }),
  },

  // Virtual machines, their actions and run commands.
  { pattern: `${SUB}/providers/Microsoft.Compute/virtualMachines`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/virtualMachines', listVms) } },
  { pattern: `${COMPUTE}/virtualMachines`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/virtualMachines', listVms) } },
  { pattern: VM, scope: selfScope, methods: item('Microsoft.Compute/virtualMachines', { get: getVm, put: putVm, patch: patchVm, delete: deleteVm }) },
  { pattern: `${VM}/instanceView`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/virtualMachines/instanceView', getVmInstanceView) } },
  { pattern: `${VM}/deallocate`, scope: parentScope, methods: { POST: m('action', 'Microsoft.Compute/virtualMachines/deallocate', deallocateVm) } },
  { pattern: `${VM}/powerOff`, scope: parentScope, methods: { POST: m('action', 'Microsoft.Compute/virtualMachines/powerOff', powerOffVm) } },
  { pattern: `${VM}/restart`, scope: parentScope, methods: { POST: m('action', 'Microsoft.Compute/virtualMachines/restart', restartVm) } },
  { pattern: `${VM}/start`, scope: parentScope, methods: { POST: m('action', 'Microsoft.Compute/virtualMachines/start', startVm) } },
  { pattern: `${VM}/generalize`, scope: parentScope, methods: { POST: m('action', 'Microsoft.Compute/virtualMachines/generalize', generalizeVm) } },
  { pattern: `${VM}/runCommands`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/virtualMachines/runCommands', listRunCommands) } },
  {
    pattern: `${VM}/runCommands/{runCommandName}`,
    scope: selfScope,
    methods: item('Microsoft.Compute/virtualMachines/runCommands', { get: getRunCommand, put: putRunCommand, patch: putRunCommand, delete: deleteRunCommand }),
  },

  // Scale sets.
  { pattern: `${SUB}/providers/Microsoft.Compute/virtualMachineScaleSets`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/virtualMachineScaleSets', listScaleSets) } },
  { pattern: `${COMPUTE}/virtualMachineScaleSets`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/virtualMachineScaleSets', listScaleSets) } },
  { pattern: `${COMPUTE}/virtualMachineScaleSets/{vmScaleSetName}`, scope: selfScope, methods: item('Microsoft.Compute/virtualMachineScaleSets', { get: getScaleSet, put: putScaleSet }) },

  // Disks and network interfaces created with VMs.
  { pattern: `${COMPUTE}/disks`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/disks', listAttached('Microsoft.Compute/disks')) } },
  { pattern: `${COMPUTE}/disks/{name}`, scope: selfScope, methods: item('Microsoft.Compute/disks', { get: getAttached('Microsoft.Compute/disks'), delete: deleteAttached('Microsoft.Compute/disks') }) },
  { pattern: `${RG}/providers/Microsoft.Network/networkInterfaces`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Network/networkInterfaces', listAttached('Microsoft.Network/networkInterfaces')) } },
  {
    pattern: `${RG}/providers/Microsoft.Network/networkInterfaces/{name}`,
    scope: selfScope,
    methods: item('Microsoft.Network/networkInterfaces', { get: getAttached('Microsoft.Network/networkInterfaces'), delete: deleteAttached('Microsoft.Network/networkInterfaces') }),
  },

  // Import sources of gallery versions: managed images, snapshots and the storage accounts holding VHDs (read-only, seeded).
  { pattern: `${COMPUTE}/images`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/images', listSources('Microsoft.Compute/images')) } },
  { pattern: `${COMPUTE}/images/{name}`, scope: selfScope, methods: item('Microsoft.Compute/images', { get: getSource('Microsoft.Compute/images') }) },
  { pattern: `${COMPUTE}/snapshots`, scope: parentScope, methods: { GET: m('read', 'Microsoft.Compute/snapshots', listSources('Microsoft.Compute/snapshots')) } },
  { pattern: `${COMPUTE}/snapshots/{name}`, scope: selfScope, methods: item('Microsoft.Compute/snapshots', { get: getSource('Microsoft.Compute/snapshots') }) },
  // User-assigned identities a build VM may be given (read-only, seeded).
  {
    pattern: `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}`,
    scope: selfScope,
    methods: item('Microsoft.ManagedIdentity/userAssignedIdentities', { get: getUserAssignedIdentity }),
  },
  { pattern: `${RG}/providers/Microsoft.Storage/storageAccounts/{name}`, scope: selfScope, methods: item('Microsoft.Storage/storageAccounts', { get: getSource('Microsoft.Storage/storageAccounts') }) },

  // Microsoft.Authorization at any scope.
  { pattern: '{scope*}/providers/Microsoft.Authorization/roleAssignments', scope: authorizationScope, methods: { GET: m('read', 'Microsoft.Authorization/roleAssignments', listRoleAssignments) } },
  {
    pattern: '{scope*}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}',
    scope: authorizationScope,
    methods: item('Microsoft.Authorization/roleAssignments', { get: getRoleAssignment, put: putRoleAssignment, delete: deleteRoleAssignment }),
  },
  { pattern: '{scope*}/providers/Microsoft.Authorization/roleDefinitions', scope: authorizationScope, methods: { GET: m('read', 'Microsoft.Authorization/roleDefinitions', listRoleDefinitions) } },
  {
    pattern: '{scope*}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}',
    scope: authorizationScope,
    methods: item('Microsoft.Authorization/roleDefinitions', { get: getRoleDefinition, put: putRoleDefinition, delete: deleteRoleDefinition }),
  },
];
