/**
 * A failure no retry can fix (bad request, immutable version, missing permission or resource). The activity returns
 * it instead of throwing (composition/settleActivityError.ts), so the orchestration fails at once rather than after
 * five durable retries.
 */
export interface PermanentFailureEnvelope {
  $permanentFailure: string;
}

export function isPermanentFailure(value: unknown): value is PermanentFailureEnvelope {
  return typeof value === 'object' && value !== null && '$permanentFailure' in value && typeof value.$permanentFailure === 'string';
}
