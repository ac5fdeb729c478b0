import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cancelledError, isCancellation } from '../../../../functions/durable/cancellation';
import { errorCode } from '../../../../shared/domain/errorSummary';

describe('the cancellation error', () => {
  it.each<[string, string | undefined, string]>([
    ['customize', 'alice@example.com', 'CANCELLED: cancelled during step customize by alice@example.com'],
    ['replicate', undefined, 'CANCELLED: cancelled during step replicate'],
  ])('during %s by %s', (step, by, message) => {
    const error = cancelledError(step, by);
    expect(error.message).toBe(message);
    expect(errorCode(error.message)).toBe('CANCELLED');
    expect(isCancellation(error)).toBe(true);
  });

  it.each<[string, unknown, boolean]>([
    ['its own error', new Error('CANCELLED: cancelled during step plan'), true],
    ['a sub-orchestration failure wrapping it', new Error("Sub-orchestration 'buildImage' failed: CANCELLED: cancelled during step customize by ops"), true],
    ['the host-prefixed orchestration output', "Orchestrator function 'buildImage' failed: CANCELLED: cancelled during step replicate", true],
    ['another failure', new Error('STEP_FAILED: customization step "x" ended Failed'), false],
    ['a failure that only mentions the word', new Error('OPERATION_FAILED: run command ended CANCELLED'), false],
    ['a non-error', 42, false],
  ])('isCancellation: %s', (_name, error, expected) => {
    expect(isCancellation(error)).toBe(expected);
  });

  it('recognises every step name and requester it builds', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z][a-z-]{0,20}$/), fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), (step, by) => {
        expect(isCancellation(cancelledError(step, by))).toBe(true);
      }),
    );
  });
});
