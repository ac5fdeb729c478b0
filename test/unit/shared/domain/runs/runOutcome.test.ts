import { describe, expect, it } from 'vitest';
import { runErrorOf, statusFromDurable, statusOfFailure, statusOfOutput } from '../../../../../shared/domain/runs/runOutcome';

describe('run outcomes', () => {
  it.each([
    ['Pending', null, 'Pending'],
    ['Running', null, 'Running'],
    ['Completed', { status: 'Succeeded' }, 'Completed'],
    ['Completed', { status: 'Degraded' }, 'Degraded'],
    ['Completed', null, 'Completed'],
    ['Failed', "Orchestrator function 'buildImage' failed: CANCELLED: cancelled during customize", 'Cancelled'],
    ['Failed', 'STEP_FAILED: exit 1', 'Failed'],
    ['Terminated', 'by hand', 'Cancelled'],
    [undefined, null, null],
    ['Unknown', null, null],
  ] as const)('Durable %s with output %j is %s', (runtime, output, expected) => {
    expect(statusFromDurable(runtime, output)).toBe(expected);
  });

  it('a failure keeps its leading code and step; CANCELLED means Cancelled', () => {
    expect(runErrorOf('STEP_FAILED: step 2 exited 1', 'customize')).toEqual({ code: 'STEP_FAILED', message: 'STEP_FAILED: step 2 exited 1', step: 'customize' });
    expect(runErrorOf('no code here', undefined)).toEqual({ code: 'FAILED', message: 'no code here' });
    expect(statusOfFailure(runErrorOf('CANCELLED: by ops', undefined))).toBe('Cancelled');
    expect(statusOfFailure(runErrorOf('TIMEOUT: slow', undefined))).toBe('Failed');
    expect(statusOfOutput({ status: 'Degraded' })).toBe('Degraded');
  });
});
