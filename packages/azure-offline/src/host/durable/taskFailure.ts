import type { TaskFailure } from './historyEvent';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns what an activity threw into a TaskFailed payload. durable-functions' activity wrapper may already have put a
 * FailureDetails JSON into the message (when the app registered an exception properties provider): keep its fields.
 */
export function toTaskFailure(kind: 'Activity' | 'Orchestrator', functionName: string, error: unknown): TaskFailure {
  const err = error instanceof Error ? error : new Error(typeof error === 'string' ? error : JSON.stringify(error));
  let errorType = err.name || 'Error';
  let message = err.message;
  let stack = err.stack;
  let properties: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(err.message);
    if (isRecord(parsed) && typeof parsed.errorType === 'string' && typeof parsed.errorMessage === 'string') {
      errorType = parsed.errorType;
      message = parsed.errorMessage;
      stack = typeof parsed.stackTrace === 'string' ? parsed.stackTrace : stack;
      properties = isRecord(parsed.properties) ? parsed.properties : undefined;
    }
  } catch {
    // An ordinary message, not the SDK's serialized failure details.
  }
  return {
    reason: `${kind} function '${functionName}' failed: ${message}`,
    details: stack ?? message,
    failureDetails: { ErrorType: errorType, ErrorMessage: message, StackTrace: stack, IsNonRetriable: false, ...(properties ? { Properties: properties } : {}) },
  };
}

const outOfProcLabel = '\n\n$OutOfProcData$:';

/** Splits a failed orchestrator's error into its message and the state the SDK appended (docs/host-protocol.md §5). */
export function parseOrchestratorFailure(error: unknown): { message: string; state?: unknown } {
  const message = error instanceof Error ? error.message : String(error);
  const at = message.lastIndexOf(outOfProcLabel);
  if (at < 0) return { message };
  try {
    return { message: message.slice(0, at), state: JSON.parse(message.slice(at + outOfProcLabel.length)) };
  } catch {
    return { message: message.slice(0, at) };
  }
}

/** A child orchestration's failure as its parent's SubOrchestrationInstanceFailed carries it. */
export function childFailure(name: string, message: string): TaskFailure {
  return {
    reason: `Sub-orchestration '${name}' failed: ${message}`,
    details: message,
    failureDetails: { ErrorType: 'OrchestrationFailure', ErrorMessage: message, IsNonRetriable: false },
  };
}
