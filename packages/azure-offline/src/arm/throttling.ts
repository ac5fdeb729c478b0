/**
 * ARM's per-principal token buckets (reads 250 burst refilling 25/s; writes and deletes 200 refilling 10/s). They run
 * on real time, not the shared clock: throttling is about how fast a client sends, which a virtual clock cannot see.
 */
import type { RequestKind } from './router';

export interface BucketSpec {
  capacity: number;
  refillPerSecond: number;
}

export const ARM_BUCKETS: Record<'read' | 'write' | 'delete', BucketSpec> = {
  read: { capacity: 250, refillPerSecond: 25 },
  write: { capacity: 200, refillPerSecond: 10 },
  delete: { capacity: 200, refillPerSecond: 10 },
};

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly spec: BucketSpec, now: number) {
    this.tokens = spec.capacity;
    this.last = now;
  }

  /** Takes a token, or returns the whole seconds to wait before one is available. */
  take(now: number): { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number } {
    this.tokens = Math.min(this.spec.capacity, this.tokens + ((now - this.last) / 1000) * this.spec.refillPerSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true, remaining: Math.floor(this.tokens) };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / this.spec.refillPerSecond)) };
  }
}

export function bucketFor(kind: RequestKind): 'read' | 'write' | 'delete' {
  if (kind === 'read' || kind === 'poll') return 'read';
  if (kind === 'delete') return 'delete';
  return 'write';
}
