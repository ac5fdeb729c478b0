import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publishOutcome } from '../../../../shared/domain/publishOutcome';

describe('publishOutcome', () => {
  it.each([
    ['promoted everywhere', true, [], 'Succeeded'],
    ['unpromoted because a region failed', false, ['eastus'], 'Degraded'],
    ['unpromoted because regions failed', false, ['eastus', 'northeurope'], 'Degraded'],
    ['not promoted, nothing failed (captured before, or deprecated since)', false, [], 'Succeeded'],
  ] as const)('%s → %s', (_case, promoted, failedRegions, expected) => {
    expect(publishOutcome({ promoted, failedRegions })).toBe(expected);
  });

  it('a promoted version is never Degraded', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (failedRegions) => {
        expect(publishOutcome({ promoted: true, failedRegions })).toBe('Succeeded');
      }),
    );
  });
});
