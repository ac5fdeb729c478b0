import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildIdFromGuid,
  buildInstanceId,
  buildVmName,
  captureInstanceId,
  MAX_INSTANCE_ID_LENGTH,
  policyScanInstanceId,
  promoteInstanceId,
  pruneInstanceId,
  rebuildRunInstanceId,
  validateInstanceId,
} from '../../../../functions/durable/instanceIds';

describe('instance IDs (docs/architecture.md#instance-ids)', () => {
  it.each([
    ['build', () => buildInstanceId('Ubuntu-Web'), 'build-ubuntu-web'],
    ['prune', () => pruneInstanceId('win2022.base'), 'prune-win2022.base'],
    ['promote', () => promoteInstanceId('Ubuntu-Web'), 'promote-ubuntu-web'],
    ['capture', () => captureInstanceId('0123456789abcdef'), 'capture-0123456789abcdef'],
    ['policy scan', () => policyScanInstanceId(new Date('2026-11-05T07:08:09Z')), 'policy-scan-20261105070809'],
    ['rebuild run', () => rebuildRunInstanceId(new Date('2026-01-02T03:04:59Z')), 'rebuild-run-202601020304'],
  ])('%s', (_kind, make, expected) => {
    expect(make()).toBe(expected);
  });

  it.each([
    ['empty', '', /1\.\.100 characters/],
    ['too long', `build-${'a'.repeat(95)}`, /1\.\.100 characters, got 101/],
    ['upper case', 'build-Foo', /lower-case/],
    ['slash', 'build-a/b', /must not contain "\/"/],
    ['backslash', 'build-a\\b', /must not contain "\\\\"/],
    ['hash', 'build-a#b', /must not contain "#"/],
    ['question mark', 'build-a?b', /must not contain "\?"/],
    ['control character', 'build-a\u0001b', /control characters/],
  ])('rejects %s', (_case, id, message) => {
    expect(() => validateInstanceId(id)).toThrow(message);
  });

  it.each([['0123456789ABCDEF'], ['0123'], ['0123456789abcdeg']])('capture hash %s is refused', (hash) => {
    expect(() => captureInstanceId(hash)).toThrow(/16 lower-case hex/);
  });

  it('build IDs are the first 8 hex of the GUID and name the VM', () => {
    expect(buildIdFromGuid('9F86D081-884C-7D65-9A2F-EAA0C55AD015')).toBe('9f86d081');
    expect(buildVmName('9f86d081')).toBe('iab9f86d081');
    expect(() => buildIdFromGuid('not-a-guid')).toThrow(/INVALID_BUILD_ID/);
  });

  it('every image name Azure allows gives a valid build, prune and promote ID', () => {
    const imageName = fc.stringMatching(/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$/);
    fc.assert(
      fc.property(imageName, (name) => {
        for (const id of [buildInstanceId(name), pruneInstanceId(name), promoteInstanceId(name)]) {
          expect(id.length).toBeLessThanOrEqual(MAX_INSTANCE_ID_LENGTH);
          expect(id).toBe(id.toLowerCase());
          expect(id).not.toMatch(/[/\\#?]/);
        }
        expect(buildInstanceId(name)).toBe(buildInstanceId(name.toUpperCase()));
      }),
    );
  });

  it('timestamped IDs sort like their instants', () => {
    const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(policyScanInstanceId(early) <= policyScanInstanceId(late)).toBe(true);
      }),
    );
  });
});
