import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capturedVersionDisposition,
  chooseCapturedVersion,
  isUsableVersion,
  ownVersionCleanup,
  type VersionFacts,
} from '../../../../shared/domain/versionRecovery';

const facts = (overrides: Partial<VersionFacts> = {}): VersionFacts => ({
  name: '1.0.0',
  provisioningState: 'Succeeded',
  excludeFromLatest: false,
  endOfLifeDate: null,
  targetRegions: [{}],
  ...overrides,
});

const EOL = '2027-01-01T00:00:00.000Z';

describe('isUsableVersion', () => {
  it.each([
    ['Succeeded', true],
    ['Creating', true],
    ['Updating', true],
    ['Migrating', true],
    ['Failed', false],
    ['failed', false],
    ['Deleting', false],
    ['Canceled', false],
  ])('%s → %s', (provisioningState, usable) => {
    expect(isUsableVersion({ provisioningState })).toBe(usable);
  });
});

describe('capturedVersionDisposition', () => {
  it.each<[string, Partial<VersionFacts>, string]>([
    ['promoted', {}, 'complete'],
    ['promoted with an end of life someone set', { endOfLifeDate: EOL }, 'complete'],
    ['re-included in one region', { excludeFromLatest: true, targetRegions: [{ excludeFromLatest: false }] }, 'complete'],
    ['interrupted while replicating', { excludeFromLatest: true, provisioningState: 'Creating' }, 'resume'],
    ['interrupted before promotion', { excludeFromLatest: true }, 'resume'],
    ['deprecated by prune since', { excludeFromLatest: true, endOfLifeDate: EOL }, 'deprecated'],
  ])('%s → %s', (_case, overrides, expected) => {
    expect(capturedVersionDisposition(facts(overrides))).toBe(expected);
  });
});

describe('chooseCapturedVersion', () => {
  it.each<[string, VersionFacts[], string | null, string | null, string[]]>([
    ['nothing captured', [], null, null, []],
    ['only a Failed capture: not captured', [facts({ provisioningState: 'Failed', excludeFromLatest: true })], null, null, ['1.0.0 (Failed)']],
    [
      'a Failed one and a good one: the good one',
      [facts({ name: '1.0.0', provisioningState: 'Failed', excludeFromLatest: true }), facts({ name: '1.0.1' })],
      '1.0.1',
      'complete',
      ['1.0.0 (Failed)'],
    ],
    ['one still Deleting is skipped', [facts({ provisioningState: 'Deleting' })], null, null, ['1.0.0 (Deleting)']],
    ['an unpromoted one is resumed', [facts({ excludeFromLatest: true, provisioningState: 'Creating' })], '1.0.0', 'resume', []],
    [
      'a promoted one wins over a higher unpromoted one',
      [facts({ name: '1.0.2', excludeFromLatest: true }), facts({ name: '1.0.1' })],
      '1.0.1',
      'complete',
      [],
    ],
    ['among equals the highest', [facts({ name: '1.0.9' }), facts({ name: '1.0.10' })], '1.0.10', 'complete', []],
  ])('%s', (_case, candidates, version, disposition, skipped) => {
    const choice = chooseCapturedVersion(candidates);
    expect(choice.version?.name ?? null).toBe(version);
    expect(choice.disposition).toBe(disposition);
    expect(choice.skipped).toEqual(skipped);
  });

  const versionArb = fc.record({
    name: fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5)).map(([a, b, c]) => `${a}.${b}.${c}`),
    provisioningState: fc.constantFrom('Succeeded', 'Creating', 'Updating', 'Failed', 'Deleting', 'Canceled'),
    excludeFromLatest: fc.boolean(),
    endOfLifeDate: fc.option(fc.constant(EOL), { nil: null }),
    targetRegions: fc.array(fc.record({ excludeFromLatest: fc.option(fc.boolean(), { nil: undefined }) }), { maxLength: 3 }).map((regions) =>
      regions.map((r) => (r.excludeFromLatest === undefined ? {} : { excludeFromLatest: r.excludeFromLatest })),
    ),
  });

  it('never counts an unusable version as captured, and accounts for every candidate', () => {
    fc.assert(
      fc.property(fc.array(versionArb, { maxLength: 8 }), (candidates) => {
        const choice = chooseCapturedVersion(candidates);
        const usable = candidates.filter(isUsableVersion);
        expect(choice.version === null).toBe(usable.length === 0);
        if (choice.version !== null) {
          expect(isUsableVersion(choice.version)).toBe(true);
          expect(choice.disposition).toBe(capturedVersionDisposition(choice.version));
        }
        expect(choice.skipped).toHaveLength(candidates.length - usable.length);
      }),
    );
  });
});

describe('ownVersionCleanup', () => {
  it.each<[string, Partial<VersionFacts>, string | undefined, string]>([
    ['our Failed version', { provisioningState: 'Failed', excludeFromLatest: true }, 'b1', 'delete'],
    ['our version still creating (the run failed elsewhere)', { provisioningState: 'Creating', excludeFromLatest: true }, 'b1', 'delete'],
    ['our version already deleting', { provisioningState: 'Deleting', excludeFromLatest: true }, 'b1', 'wait'],
    ['another build’s version', { provisioningState: 'Failed', excludeFromLatest: true }, 'other', 'keep'],
    ['an untagged version', { provisioningState: 'Failed', excludeFromLatest: true }, undefined, 'keep'],
    ['our promoted version (may be latest, in use)', { provisioningState: 'Failed' }, 'b1', 'keep'],
  ])('%s → %s', (_case, overrides, owner, action) => {
    expect(ownVersionCleanup(facts(overrides), owner, 'b1').action).toBe(action);
  });

  it('never deletes a version of another build or a promoted one', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('Succeeded', 'Creating', 'Failed', 'Deleting'),
        fc.boolean(),
        fc.option(fc.constantFrom('b1', 'b2', ''), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        (provisioningState, excludeFromLatest, owner, regional) => {
          const v = facts({ provisioningState, excludeFromLatest, targetRegions: [regional === undefined ? {} : { excludeFromLatest: regional }] });
          const decision = ownVersionCleanup(v, owner, 'b1');
          if (decision.action === 'delete') {
            expect(owner).toBe('b1');
            expect(excludeFromLatest).toBe(true);
            expect(regional).not.toBe(false);
          }
        },
      ),
    );
  });
});
