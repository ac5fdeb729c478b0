/**
 * How a run's error is shown where space is short (notifications, customStatus, GET /api/images): its message, cut,
 * and the stable code it leads with (docs/architecture.md#activities-adapters-and-state). Pure; used by orchestrator code, the triggers and the notification builders alike.
 */

/** Error texts lead with a stable code; the first 500 characters carry it and the gist. */
export const MAX_ERROR_LENGTH = 500;

export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
}

/** The leading `CODE:` of an error message (docs/architecture.md#activities-adapters-and-state), for consumers that route on it. */
export function errorCode(message: string): string | null {
  return /^([A-Z][A-Z_]+):/.exec(message)?.[1] ?? null;
}

/**
 * A sub-orchestration's failure reaches its parent prefixed with the failure's type (`OrchestrationFailure: STEP_FAILED:
 * …`, `TaskFailedException: …`): the child's own message, with its code first, is the part worth showing.
 */
export function innerErrorMessage(message: string): string {
  return message.replace(/^[A-Za-z]+(?:Failure|Exception|Error): (?=[A-Z][A-Z_]+:)/, '');
}
