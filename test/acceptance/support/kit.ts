/**
 * What an outside client of a running `npm run local` uses: URLs, the Durable HTTP API, the emulator's control API,
 * ARM reads through the real `@azure/arm-compute` client, and builders for seed documents and events.
 */
import { ComputeManagementClient } from '@azure/arm-compute';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { armCall, call, type JsonResponse, type LocalStack, type RequestOptions } from './localStack';
import type { InstanceStatus } from '@image-autopilot/azure-offline';

export type { InstanceStatus };

export const TERMINAL = ['Completed', 'Failed', 'Terminated', 'Canceled'];

/** Any bearer token: the emulated ARM checks that one is present, as ARM checks it is valid. */
const anyToken: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'acceptance', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export const GALLERY_API = '2025-03-03';

export class Client {
  readonly compute: ComputeManagementClient;

  constructor(readonly stack: LocalStack) {
    this.compute = new ComputeManagementClient(anyToken, stack.endpoints.subscriptionId, {
      endpoint: stack.endpoints.arm,
      tlsOptions: { ca: stack.caPem },
    });
  }

  get functions(): string {
    return this.stack.endpoints.functions;
  }

  get subscriptionId(): string {
    return this.stack.endpoints.subscriptionId;
  }

  get galleryRg(): string {
    return segmentAfter(this.stack.endpoints.galleryId, 'resourceGroups');
  }

  get galleryName(): string {
    return segmentAfter(this.stack.endpoints.galleryId, 'galleries');
  }

  api(method: string, path: string, options?: RequestOptions): Promise<JsonResponse> {
    return call(`${this.functions}${path}`, method, options);
  }

  /** `/_emulator/<path>` on the ARM port: no token, no api-version. */
  control(method: string, path: string, body?: unknown): Promise<JsonResponse> {
    return armCall(`${this.stack.endpoints.arm}/_emulator/${path}`, this.stack.caPem, method, body === undefined ? {} : { body });
  }

  /** A raw ARM request; `token: false` leaves out the Authorization header. */
  arm(method: string, pathAndQuery: string, options: RequestOptions & { token?: boolean } = {}): Promise<JsonResponse> {
    const headers = { ...(options.token === false ? {} : { authorization: 'Bearer acceptance' }), ...options.headers };
    return armCall(`${this.stack.endpoints.arm}${pathAndQuery}`, this.stack.caPem, method, { ...options, headers });
  }

  async armRequests(): Promise<ArmLogEntry[]> {
    const res = await this.control('GET', 'requests');
    return (res.body as { requests: ArmLogEntry[] }).requests;
  }

  async now(): Promise<Date> {
    const res = await this.control('GET', 'clock');
    return new Date((res.body as { now: string }).now);
  }

  async advance(seconds: number): Promise<void> {
    const res = await this.control('POST', 'clock', { advanceSeconds: seconds });
    if (res.status !== 200) throw new Error(`clock advance answered ${res.status}: ${res.text}`);
  }

  async seed(document: SeedDocument): Promise<void> {
    const res = await this.control('POST', 'seed', document);
    if (res.status !== 200) throw new Error(`seed answered ${res.status}: ${res.text}`);
  }

  async instance(instanceId: string): Promise<{ status: number; body: InstanceStatus | undefined; headers: Record<string, string> }> {
    const res = await this.api('GET', `/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}`);
    return { status: res.status, headers: res.headers, body: res.status === 404 ? undefined : (res.body as InstanceStatus) };
  }

  async instances(query: Record<string, string>): Promise<InstanceStatus[]> {
    const res = await this.api('GET', `/runtime/webhooks/durabletask/instances?${new URLSearchParams(query).toString()}`);
    if (res.status !== 200) throw new Error(`instance listing answered ${res.status}: ${res.text}`);
    return res.body as InstanceStatus[];
  }

  /** Follows a status URL to a terminal state, moving the shared clock forward between reads (no wall-clock waits). */
  async untilTerminal(statusUrl: string, stepSeconds = 60, maxSteps = 1500): Promise<InstanceStatus> {
    for (let step = 0; step < maxSteps; step++) {
      const res = await call(statusUrl, 'GET');
      const body = res.body as InstanceStatus | undefined;
      if (res.status === 200 && body && TERMINAL.includes(body.runtimeStatus)) return body;
      if (res.status !== 202 && res.status !== 200 && res.status !== 404) throw new Error(`status URL answered ${res.status}: ${res.text}`);
      await this.advance(stepSeconds);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${statusUrl} did not reach a terminal state\n${this.stack.output().slice(-3000)}`);
  }

  async untilInstanceTerminal(instanceId: string): Promise<InstanceStatus> {
    return this.untilTerminal(`${this.functions}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}`);
  }

  /**
   * Triggers a timer function through the admin API and follows the instance it starts whose ID matches `id` (a new
   * ID, or the same ID started again: its createdTime changes) to its end.
   */
  async runTimer(functionName: string, id: RegExp, prefix: string): Promise<InstanceStatus> {
    const runs = () => this.instances({ instanceIdPrefix: prefix }).then((all) => all.filter((r) => id.test(r.instanceId)));
    const before = new Map((await runs()).map((i) => [i.instanceId, i.createdTime]));
    const res = await this.api('POST', `/admin/functions/${functionName}`, { body: { input: '' } });
    if (res.status !== 202) throw new Error(`POST /admin/functions/${functionName} answered ${res.status}: ${res.text}`);
    for (let i = 0; i < 500; i++) {
      const fresh = (await runs()).find((r) => before.get(r.instanceId) !== r.createdTime);
      if (fresh) return this.untilInstanceTerminal(fresh.instanceId);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${functionName} started no new ${id.source}\n${this.stack.output().slice(-3000)}`);
  }

  /** scheduledRebuild through the admin API, followed to the end of its rebuild-run-<yyyymmddhhmmss>-<6 hex>. */
  runScheduledRebuild(): Promise<InstanceStatus> {
    return this.runTimer('scheduledRebuild', RUN_ID.rebuildRun, 'rebuild-run-');
  }

  /** `GET /api/runs` with filters, newest first: the app's own run history. */
  async runs(filter: RunFilter = {}): Promise<ListedRun[]> {
    const query = new URLSearchParams(Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]));
    const res = await this.api('GET', `/api/runs?${query.toString()}`);
    if (res.status !== 200) throw new Error(`GET /api/runs answered ${res.status}: ${res.text}`);
    return (res.body as { runs: ListedRun[] }).runs;
  }

  /** The newest run matching the filter; fails the test when there is none. */
  async newestRunId(filter: Omit<RunFilter, 'top'>): Promise<string> {
    const [run] = await this.runs({ ...filter, top: 1 });
    if (run === undefined) throw new Error(`no run matches ${JSON.stringify(filter)}`);
    return run.runId;
  }

  /** Waits until a run matching the filter, other than `exclude`, is recorded (a timer or event started it). */
  async untilRunStarted(filter: Omit<RunFilter, 'top'>, exclude: readonly string[] = [], maxSteps = 300): Promise<string> {
    for (let step = 0; step < maxSteps; step++) {
      const found = (await this.runs(filter)).find((r) => !exclude.includes(r.runId));
      if (found) return found.runId;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no run matching ${JSON.stringify(filter)} started\n${this.stack.output().slice(-3000)}`);
  }

  /** Waits for the run a timer or event starts, then follows its instance (same ID) to its end. */
  async untilRunTerminal(filter: Omit<RunFilter, 'top'>, exclude: readonly string[] = []): Promise<InstanceStatus> {
    return this.untilInstanceTerminal(await this.untilRunStarted(filter, exclude));
  }

  /** Waits for a background-started instance, then follows it to its end. */
  async untilTerminalStarted(instanceId: string): Promise<InstanceStatus> {
    await this.untilInstanceStarted(instanceId);
    return this.untilInstanceTerminal(instanceId);
  }

  /** Waits until an instance with the prefix exists (a trigger started it in the background). */
  async untilInstanceStarted(prefix: string, exclude: readonly string[] = [], maxSteps = 300): Promise<InstanceStatus> {
    for (let step = 0; step < maxSteps; step++) {
      const found = (await this.instances({ instanceIdPrefix: prefix })).find((i) => !exclude.includes(i.instanceId));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no instance with prefix ${prefix} started\n${this.stack.output().slice(-3000)}`);
  }

  versionId(image: string, version: string): string {
    return `${this.stack.endpoints.galleryId}/images/${image}/versions/${version}`;
  }

  vmId(resourceGroup: string, name: string): string {
    return `/subscriptions/${this.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`;
  }

  async versionNames(image: string): Promise<string[]> {
    const names: string[] = [];
    for await (const v of this.compute.galleryImageVersions.listByGalleryImage(this.galleryRg, this.galleryName, image)) {
      if (v.name) names.push(v.name);
    }
    return names.sort();
  }

  async vmNames(resourceGroup: string): Promise<string[]> {
    const names: string[] = [];
    for await (const vm of this.compute.virtualMachines.list(resourceGroup)) if (vm.name) names.push(vm.name);
    return names;
  }
}

/** Run IDs (docs/operations.md#run-history): `<kind>-[<subject>-]<yyyymmddhhmmss>-<6 hex>`, also the instance ID. */
export const RUN_ID = {
  of: (kind: string, subject?: string): RegExp => new RegExp(`^${kind}-${subject === undefined ? '' : `${subject}-`}\\d{14}-[0-9a-f]{6}$`),
  rebuildRun: /^rebuild-run-\d{14}-[0-9a-f]{6}$/,
  policyScan: /^policy-scan-\d{14}-[0-9a-f]{6}$/,
} as const;

export interface RunFilter {
  image?: string;
  kind?: string;
  status?: string;
  top?: number;
}

export interface ListedRun {
  runId: string;
  kind: string;
  image?: string;
  status: string;
  trigger: string;
  parentRunId?: string;
  subject?: string;
  error?: { code: string; message: string; step?: string } | null;
}

export interface ArmLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  apiVersion: string;
  status: number;
  durationMs: number;
  at: string;
}

function segmentAfter(id: string, key: string): string {
  const parts = id.split('/');
  const index = parts.findIndex((p) => p.toLowerCase() === key.toLowerCase());
  const value = index >= 0 ? parts[index + 1] : undefined;
  if (value === undefined) throw new Error(`${id} has no ${key} segment`);
  return value;
}

// ---- builders -------------------------------------------------------------------------------------------------------

export interface SeedVm {
  resourceGroup: string;
  name: string;
  tags?: Record<string, string>;
  osType?: 'Linux' | 'Windows';
  powerState?: 'running' | 'stopped' | 'deallocated';
  osState?: 'generalized' | 'specialized';
  deprovisioned?: boolean;
  imageReference?: { id: string } | { publisher: string; offer: string; sku: string; version: string };
}

export interface SeedDocument {
  defaults: { subscriptionId: string; location: string };
  resourceGroups?: { name: string }[];
  virtualMachines?: SeedVm[];
}

export interface RebuildRunItem {
  image: string;
  status: string;
  reasons?: string[];
  detail?: string;
}

/** The per-image decisions of a rebuild-run output (issue 7: every image with a decision and its reason). */
export function rebuildRunItems(run: InstanceStatus): RebuildRunItem[] {
  const items = (run.output as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new Error(`rebuild-run output has no items[]: ${JSON.stringify(run.output)}`);
  return items as RebuildRunItem[];
}

export const CAPTURE_RG = 'rg-captures';
export const OUTSIDE_RG = 'rg-workloads';

/** A VM ready to capture into `image`: generalized, deallocated, tagged, in the capture scope. */
export function aCapturableVm(name: string, image: string, overrides: Partial<SeedVm> = {}): SeedVm {
  return {
    resourceGroup: CAPTURE_RG,
    name,
    tags: { 'autopilot-capture-to': image },
    osType: 'Linux',
    powerState: 'deallocated',
    osState: 'generalized',
    deprovisioned: true,
    ...overrides,
  };
}

export function aSeed(client: Client, virtualMachines: SeedVm[]): SeedDocument {
  return { defaults: { subscriptionId: client.subscriptionId, location: 'westeurope' }, virtualMachines };
}

export interface EventGridEvent {
  id: string;
  topic: string;
  subject: string;
  eventType: string;
  eventTime: string;
  data: Record<string, unknown>;
  dataVersion: string;
  metadataVersion: string;
}

/** Azure Resource Manager's event for a successful `generalize` action on `vmId`, as Event Grid delivers it. */
export function aGeneralizeEvent(vmId: string, overrides: Partial<EventGridEvent> = {}, data: Record<string, unknown> = {}): EventGridEvent {
  const subscriptionId = vmId.split('/')[2] ?? '';
  return {
    id: `evt-${Math.abs(hashCode(vmId + JSON.stringify(overrides) + JSON.stringify(data)))}`,
    topic: `/subscriptions/${subscriptionId}`,
    subject: vmId,
    eventType: 'Microsoft.Resources.ResourceActionSuccess',
    eventTime: '2026-11-25T09:00:00.000Z',
    data: {
      authorization: { scope: vmId, action: 'Microsoft.Compute/virtualMachines/generalize/action' },
      operationName: 'Microsoft.Compute/virtualMachines/generalize/action',
      resourceProvider: 'Microsoft.Compute',
      resourceUri: vmId,
      status: 'Succeeded',
      subscriptionId,
      ...data,
    },
    dataVersion: '',
    metadataVersion: '1',
    ...overrides,
  };
}

export function aValidationEvent(code: string): EventGridEvent {
  return {
    id: 'validation-1',
    topic: '/subscriptions/00000000-0000-0000-0000-000000000001',
    subject: '',
    eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    eventTime: '2026-11-25T09:00:00.000Z',
    data: { validationCode: code, validationUrl: 'https://rp-westeurope.eventgrid.azure.net/validate?id=x' },
    dataVersion: '2',
    metadataVersion: '1',
  };
}

function hashCode(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}
