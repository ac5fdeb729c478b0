/** What every handler receives: the state, the clock, the settings, and the request already parsed and checked. */
import type { Clock } from '../clock';
import type { ArmErrorInfo } from './state';
import type { StateStore } from './stateStore';

export interface EmulatorSettings {
  replicationSecondsPerRegion: number;
  provisioningSeconds: number;
  runCommandSeconds: number;
  /** How long a new principal takes to reach ARM's view of the directory (role assignments answer PrincipalNotFound until then). */
  principalReplicationSeconds: number;
  /** Sent as `Retry-After` on LRO answers when > 0; 0 lets clients poll at their own interval. */
  pollRetryAfterSeconds: number;
}

export interface EmulatorContext {
  store: StateStore;
  clock: Clock;
  settings: EmulatorSettings;
  log: (line: string) => void;
}

/** A permission ARM checks without a request of its own (azure-facts.md "linked access checks"). */
export interface LinkedAccess {
  action: string;
  scope: string;
  reason: string;
}

export interface ArmRequest {
  method: string;
  /** Normalized: double slashes collapsed, no trailing slash, percent-decoding left to the params. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  apiVersion: string;
  /** https://127.0.0.1:<port>, for URLs handed back to the client. */
  origin: string;
  params: Record<string, string>;
  now: number;
  /** From a matching `lro: "fail"` fault: the operation this request starts fails with this error. */
  lroFailure?: ArmErrorInfo;
  /** From matching `region` faults: replication to these regions fails. */
  failRegions: string[];
  linked: LinkedAccess[];
  /** `If-None-Match: *` on a PUT: create only; an existing resource answers 412 (`createOnlyRefused`). */
  createOnly?: boolean;
}

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: EmulatorContext, req: ArmRequest) => ArmResponse;
