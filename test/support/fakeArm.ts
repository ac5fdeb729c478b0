/**
 * An in-memory implementation of the gallery and compute ports for activity and trigger tests: typed against the
 * port interfaces (no casts), with the ARM behaviours activities rely on — 404 as PortError NOT_FOUND, PUT upsert,
 * delete — and a log of every call so tests can assert "no ARM call".
 */
import type { BuildVmSpec, ComputePort, RunCommandSpec, RunCommandView, VmView } from '../../shared/ports/computePort';
import type {
  CreateImageDefinitionSpec,
  CreateImageVersionSpec,
  GalleryPort,
  ImageDefinitionRef,
  ImageDefinitionView,
  ImageVersionView,
  UpdateImageVersionSpec,
} from '../../shared/ports/galleryPort';
import { PortError } from '../../shared/ports/portError';
import { aDefinition, aVersion, vmIdOf } from './builders';

export interface FakeCall {
  method: string;
  args: unknown[];
}

const keyOf = (ref: ImageDefinitionRef) => `${ref.galleryName}/${ref.imageName}`.toLowerCase();

export class FakeArm implements GalleryPort, ComputePort {
  readonly calls: FakeCall[] = [];
  readonly definitions = new Map<string, ImageDefinitionView>();
  readonly versions = new Map<string, ImageVersionView[]>();
  readonly vms = new Map<string, VmView>();
  readonly runCommands = new Map<string, RunCommandView>();
  readonly platformVersions = new Map<string, string[]>();
  /** The next call of this method throws this error (once). */
  readonly failNext = new Map<string, Error>();

  private record(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const failure = this.failNext.get(method);
    if (failure) {
      this.failNext.delete(method);
      throw failure;
    }
  }

  callsTo(method: string): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  addDefinition(ref: ImageDefinitionRef, definition: ImageDefinitionView): void {
    this.definitions.set(keyOf(ref), definition);
  }

  addVm(vm: VmView): void {
    this.vms.set(vm.id.toLowerCase(), vm);
  }

  async getImageDefinition(ref: ImageDefinitionRef): Promise<ImageDefinitionView> {
    this.record('getImageDefinition', ref);
    const d = this.definitions.get(keyOf(ref));
    if (!d) throw new PortError('NOT_FOUND', `image definition ${keyOf(ref)}`);
    return d;
  }

  async startCreateImageDefinition(ref: ImageDefinitionRef, spec: CreateImageDefinitionSpec): Promise<void> {
    this.record('startCreateImageDefinition', ref, spec);
    this.definitions.set(
      keyOf(ref),
      aDefinition({ name: ref.imageName, location: spec.location, osType: spec.definition.osType, osState: spec.definition.osState, tags: spec.tags }),
    );
  }

  async listImageVersions(ref: ImageDefinitionRef): Promise<ImageVersionView[]> {
    this.record('listImageVersions', ref);
    return [...(this.versions.get(keyOf(ref)) ?? [])];
  }

  async getImageVersion(ref: ImageDefinitionRef, version: string): Promise<ImageVersionView> {
    this.record('getImageVersion', ref, version);
    const v = this.versions.get(keyOf(ref))?.find((x) => x.name === version);
    if (!v) throw new PortError('NOT_FOUND', `version ${version}`);
    return v;
  }

  async startCreateImageVersion(ref: ImageDefinitionRef, version: string, spec: CreateImageVersionSpec): Promise<void> {
    this.record('startCreateImageVersion', ref, version, spec);
    const list = this.versions.get(keyOf(ref)) ?? [];
    // The adapter's PUT is create-only (If-None-Match: *): ARM answers 412, which the adapter reports as CONFLICT.
    if (list.some((v) => v.name === version)) throw new PortError('CONFLICT', `version ${version} exists (If-None-Match: *)`);
    list.push(
      aVersion({
        name: version,
        provisioningState: 'Creating',
        excludeFromLatest: spec.excludeFromLatest,
        tags: { ...spec.tags },
        targetRegions: spec.targetRegions,
        replication: { state: 'InProgress', regions: spec.targetRegions.map((r) => ({ region: r.name, state: 'InProgress' })) },
      }),
    );
    this.versions.set(keyOf(ref), list);
  }

  async startUpdateImageVersion(ref: ImageDefinitionRef, version: string, spec: UpdateImageVersionSpec): Promise<void> {
    this.record('startUpdateImageVersion', ref, version, spec);
    const list = this.versions.get(keyOf(ref)) ?? [];
    const index = list.findIndex((v) => v.name === version);
    const current = list[index];
    if (!current) throw new PortError('NOT_FOUND', `version ${version}`);
    list[index] = {
      ...current,
      ...(spec.excludeFromLatest === undefined ? {} : { excludeFromLatest: spec.excludeFromLatest }),
      ...(spec.targetRegions === undefined ? {} : { targetRegions: spec.targetRegions }),
    };
  }

  async startCreateVm(spec: BuildVmSpec): Promise<void> {
    this.record('startCreateVm', spec);
    const id = vmIdOf(spec.name, spec.resourceGroup, spec.subscriptionId);
    if (this.vms.has(id.toLowerCase())) throw new PortError('CONFLICT', `VM ${spec.name} exists (If-None-Match: *)`);
    this.addVm({
      id,
      name: spec.name,
      location: spec.location,
      provisioningState: 'Creating',
      powerState: 'starting',
      osType: spec.osType,
      osState: null,
      tags: { ...spec.tags },
    });
  }

  async getVm(vmId: string): Promise<VmView> {
    this.record('getVm', vmId);
    const vm = this.vms.get(vmId.toLowerCase());
    if (!vm) throw new PortError('NOT_FOUND', `VM ${vmId}`);
    return vm;
  }

  async listVms(subscriptionId: string, resourceGroup: string): Promise<VmView[]> {
    this.record('listVms', subscriptionId, resourceGroup);
    const prefix = `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/`.toLowerCase();
    return [...this.vms.entries()].filter(([id]) => id.startsWith(prefix)).map(([, vm]) => vm);
  }

  async startRunCommand(vmId: string, name: string, spec: RunCommandSpec): Promise<void> {
    this.record('startRunCommand', vmId, name, spec);
    this.runCommands.set(`${vmId}/${name}`.toLowerCase(), {
      name,
      provisioningState: 'Succeeded',
      executionState: 'Running',
      exitCode: null,
      output: '',
      error: '',
    });
  }

  async getRunCommand(vmId: string, name: string): Promise<RunCommandView> {
    this.record('getRunCommand', vmId, name);
    const rc = this.runCommands.get(`${vmId}/${name}`.toLowerCase());
    if (!rc) throw new PortError('NOT_FOUND', `run command ${name}`);
    return rc;
  }

  async startDeallocateVm(vmId: string): Promise<void> {
    this.record('startDeallocateVm', vmId);
    const vm = await this.getVm(vmId);
    this.addVm({ ...vm, powerState: 'deallocating' });
  }

  async startRestartVm(vmId: string): Promise<void> {
    this.record('startRestartVm', vmId);
    const vm = await this.getVm(vmId);
    this.addVm({ ...vm, powerState: 'starting' });
  }

  async generalizeVm(vmId: string): Promise<void> {
    this.record('generalizeVm', vmId);
    const vm = await this.getVm(vmId);
    this.addVm({ ...vm, osState: 'Generalized' });
  }

  async startDeleteVm(vmId: string): Promise<void> {
    this.record('startDeleteVm', vmId);
    if (!this.vms.delete(vmId.toLowerCase())) throw new PortError('NOT_FOUND', `VM ${vmId}`);
  }

  async listPlatformImageVersions(location: string, publisher: string, offer: string, sku: string): Promise<string[]> {
    this.record('listPlatformImageVersions', location, publisher, offer, sku);
    return [...(this.platformVersions.get(`${location}/${publisher}/${offer}/${sku}`.toLowerCase()) ?? [])];
  }
}
