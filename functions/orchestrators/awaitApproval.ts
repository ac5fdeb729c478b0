import type * as df from 'durable-functions';
import { APPROVAL_EVENT, AWAITING_APPROVAL_STEP, type ApprovalDecision } from '../contracts';
import { cancellableEvent } from '../durable/cancellation';
import type { BuildRun } from './buildImageSteps';

export type ApprovalOutcome =
  | { status: 'approved'; decision: ApprovalDecision }
  | { status: 'rejected' | 'timed-out'; error: Error };

const COMMENT_IN_ERROR = 300;

function decisionOf(value: unknown, at: Date): ApprovalDecision {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const text = (x: unknown) => (typeof x === 'string' && x.trim() !== '' ? x.trim() : undefined);
  const comment = text(v.comment);
  const by = text(v.by);
  return {
    decision: v.decision === 'approve' ? 'approve' : 'reject',
    ...(comment === undefined ? {} : { comment }),
    ...(by === undefined ? {} : { by }),
    at: text(v.at) ?? at.toISOString(),
  };
}

/**
 * A validated version waits for a person: the `approval` event (POST /api/runs/{runId}/approve or /reject) or the
 * end of `approvalTimeoutHours`, whichever comes first, on a durable timer. A cancel ends the wait like any other.
 */
export function* awaitApproval(run: BuildRun, version: string, timeoutHours: number): Generator<df.Task, ApprovalOutcome, unknown> {
  const { ctx } = run;
  const until = new Date(ctx.df.currentUtcDateTime.getTime() + timeoutHours * 3_600_000);
  run.progress(
    AWAITING_APPROVAL_STEP,
    `${version} passed validation; waiting until ${until.toISOString()} for POST /api/runs/${ctx.df.instanceId}/approve or /reject`,
    89,
  );
  const event = yield* cancellableEvent(ctx, APPROVAL_EVENT, until);
  if (!event.received) {
    return { status: 'timed-out', error: new Error(`APPROVAL_TIMED_OUT: version ${version} was not approved within ${timeoutHours} hours; it stays excluded from latest`) };
  }
  const decision = decisionOf(event.value, ctx.df.currentUtcDateTime);
  if (decision.decision === 'approve') return { status: 'approved', decision };
  const by = decision.by === undefined ? '' : ` by ${decision.by}`;
  const comment = decision.comment === undefined ? '' : `: ${decision.comment.slice(0, COMMENT_IN_ERROR)}`;
  return { status: 'rejected', error: new Error(`APPROVAL_REJECTED: version ${version} was rejected${by}${comment}; it stays excluded from latest`) };
}
