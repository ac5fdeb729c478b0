import * as df from 'durable-functions';
import type { StartClient } from '../../functions/triggers/http/startedResponse';
import type { ReportClient } from '../../functions/triggers/latestPolicyReport';

type Status = df.DurableOrchestrationStatus;

/**
 * The durable client slice triggers use, over an in-memory instance table. Starting a running ID fails the way the
 * real client does against the extension's 409 (a generic "unexpected status code" error).
 */
export class FakeDurableClient implements StartClient, ReportClient {
  readonly instances = new Map<string, Status>();
  readonly started: { name: string; instanceId: string; input: unknown }[] = [];
  /** Simulates losing a race: the instance becomes Running between getStatus and startNew. */
  raceOnStart = false;
  /** Set to make instance listings fail the way an unreachable extension does. */
  listingError: Error | undefined;
  /** false: listings leave outputs out, as the extension may; the instance's own status still has it. */
  listsOutputs = true;
  readonly listings: df.OrchestrationFilter[] = [];

  setStatus(instanceId: string, runtimeStatus: df.OrchestrationRuntimeStatus, extra: Partial<Status> = {}): void {
    const at = new Date('2026-03-01T08:00:00Z');
    this.instances.set(instanceId, {
      name: 'buildImage',
      instanceId,
      createdTime: at,
      lastUpdatedTime: at,
      input: null,
      output: null,
      runtimeStatus,
      ...extra,
    });
  }

  async getStatus(instanceId: string): Promise<Status> {
    const status = this.instances.get(instanceId);
    if (!status) {
      throw new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response. instanceId: ${instanceId}.`);
    }
    return status;
  }

  /** The listing the policy report lookup uses, with the extension's createdTimeFrom/runtimeStatus filters. */
  async getStatusBy(filter: df.OrchestrationFilter): Promise<Status[]> {
    this.listings.push(filter);
    if (this.listingError) throw this.listingError;
    const from = filter.createdTimeFrom?.getTime() ?? -Infinity;
    return [...this.instances.values()]
      .filter((status) => (filter.runtimeStatus === undefined || filter.runtimeStatus.includes(status.runtimeStatus)) && new Date(status.createdTime).getTime() >= from)
      .map((status) => (this.listsOutputs ? status : { ...status, output: null }));
  }

  async startNew(name: string, options?: df.StartNewOptions): Promise<string> {
    const instanceId = options?.instanceId ?? `auto-${this.started.length}`;
    if (this.raceOnStart) this.setStatus(instanceId, df.OrchestrationRuntimeStatus.Running);
    const current = this.instances.get(instanceId);
    if (current && current.runtimeStatus === df.OrchestrationRuntimeStatus.Running) {
      throw new Error('The operation failed with an unexpected status code: 409. Details: "already running"');
    }
    this.started.push({ name, instanceId, input: options?.input });
    this.setStatus(instanceId, df.OrchestrationRuntimeStatus.Pending);
    return instanceId;
  }

  createHttpManagementPayload(instanceId: string): df.HttpManagementPayload {
    const base = `http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/${instanceId}`;
    return {
      id: instanceId,
      statusQueryGetUri: base,
      sendEventPostUri: `${base}/raiseEvent/{eventName}`,
      terminatePostUri: `${base}/terminate?reason={text}`,
      rewindPostUri: `${base}/rewind?reason={text}`,
      purgeHistoryDeleteUri: base,
      suspendPostUri: `${base}/suspend?reason={text}`,
      resumePostUri: `${base}/resume?reason={text}`,
    };
  }
}

/** A FakeDurableClient that records finished or running policy scans under their time-based instance IDs. */
export class ReportingDurableClient extends FakeDurableClient {
  constructor(listOutputs = true) {
    super();
    this.listsOutputs = listOutputs;
  }
  scan(at: string, runtimeStatus: df.OrchestrationRuntimeStatus, output: unknown): string {
    const id = `policy-scan-${at.replace(/[-:TZ.]/g, '').slice(0, 14)}`;
    this.setStatus(id, runtimeStatus, { name: 'policyScan', createdTime: new Date(at), output });
    return id;
  }
}
