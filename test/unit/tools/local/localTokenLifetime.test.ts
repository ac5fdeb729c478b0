import { describe, expect, it } from 'vitest';
import { localTokenLifetimeSeconds } from '../../../../tools/local/localAccess';

const DAY = 86_400;

describe('the lifetime of the tokens npm run local prints', () => {
  it.each([
    ['real time', 1, 2 * 366 * DAY],
    ['the default ×60', 60, 2 * 366 * DAY],
    ['×2000: 12 real hours', 2000, 12 * 3600 * 2000],
    ['absurdly fast: capped at the emulator\'s ten years', 1e9, 10 * 365 * DAY],
  ])('%s', (_case, clockSpeed, seconds) => {
    expect(localTokenLifetimeSeconds(clockSpeed)).toBe(seconds);
  });

  it('outlives a 150-day clock advance (trying retention) at any speed', () => {
    for (const speed of [0.5, 1, 60, 600]) expect(localTokenLifetimeSeconds(speed)).toBeGreaterThan(150 * DAY);
  });
});
