import { describe, expect, it } from 'vitest';
import { isAlreadyRunningError } from '../../../../functions/orchestrators/rebuildRunImage';

describe('isAlreadyRunningError', () => {
  it.each<[string, boolean]>([
    ["Sub-orchestration 'buildImage' failed: An orchestration with instance ID 'build-ubuntu-web' already exists and is Running.", true],
    ['An Orchestration instance with the status Pending already exists.', true],
    ["Orchestrator function 'buildImage' failed: STEP_FAILED: customization step \"x\" ended Failed (exit code 3)", false],
    ['VERSION_CONFLICT: gallery image version 1.0.0 already exists', false],
    ['CONFLICT: resource already exists', false],
  ])('%s → %s', (message, expected) => {
    expect(isAlreadyRunningError(message)).toBe(expected);
  });
});
