import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VersioningScheme } from '../../../../shared/domain/catalog';
import {
  INT32_MAX,
  VersionOverflowError,
  compareVersions,
  formatVersion,
  nextVersion,
  parseVersion,
} from '../../../../shared/domain/versions';

const NOW = new Date('2026-11-25T20:15:00Z');
const semver = (major: number): VersioningScheme => ({ scheme: 'semver', major });
const date = (major: number): VersioningScheme => ({ scheme: 'date', major });
const ctx = (baseImageChanged = false, now = NOW) => ({ now, baseImageChanged });

const int32 = fc.integer({ min: 0, max: INT32_MAX });
const versionArb = fc.record({ major: int32, minor: int32, patch: int32 });
const smallVersionArb = fc.record({
  major: fc.integer({ min: 0, max: 5 }),
  minor: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 20200101, max: 20301231 }), int32),
  patch: fc.oneof(fc.integer({ min: 0, max: 30 }), int32),
});
// Existing gallery content: mostly valid names, some junk the planner must ignore.
const existingArb = fc.array(
  fc.oneof(
    { weight: 4, arbitrary: smallVersionArb.map(formatVersion) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom('1.2', '1.2.3.4', '+1.2.3', ' 1.2.3', '1.2.2147483648', '-1.0.0', '1e3.0.0') },
  ),
  { maxLength: 20 },
);
const nowArb = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true });

describe('parseVersion', () => {
  it.each([
    ['1.0.0', { major: 1, minor: 0, patch: 0 }],
    ['0.0.0', { major: 0, minor: 0, patch: 0 }],
    ['2147483647.2147483647.2147483647', { major: INT32_MAX, minor: INT32_MAX, patch: INT32_MAX }],
    ['1.20261125.3', { major: 1, minor: 20261125, patch: 3 }],
    ['1.0.010', { major: 1, minor: 0, patch: 10 }],
  ])('parses %s', (name, expected) => {
    expect(parseVersion(name)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['1.0', 'two segments'],
    ['1.0.0.0', 'four segments'],
    ['+1.0.0', 'leading plus'],
    ['1.+0.0', 'plus inside'],
    [' 1.0.0', 'leading space'],
    ['1.0.0 ', 'trailing space'],
    ['1. 0.0', 'inner space'],
    ['-1.0.0', 'negative'],
    ['1.0.2147483648', 'patch above int32'],
    ['2147483648.0.0', 'major above int32'],
    ['1.202611251200.1', 'YYYYMMDDHHmm as one segment'],
    ['1e3.0.0', 'exponent'],
    ['0x1.0.0', 'hex'],
    ['1.0.0\n', 'newline'],
    ['١.٠.٠', 'non-ASCII digits'],
  ])('rejects %j (%s)', (name) => {
    expect(parseVersion(name)).toBeNull();
  });

  it('round-trips every int32 triple through formatVersion', () => {
    fc.assert(fc.property(versionArb, (v) => {
      expect(parseVersion(formatVersion(v))).toEqual(v);
    }));
  });
});

describe('formatVersion', () => {
  it.each([
    [{ major: -1, minor: 0, patch: 0 }, 'major'],
    [{ major: 1, minor: INT32_MAX + 1, patch: 0 }, 'minor'],
    [{ major: 1, minor: 0, patch: 0.5 }, 'patch'],
  ])('refuses %j naming the %s field', (v, field) => {
    expect(() => formatVersion(v)).toThrow(new RegExp(`${field} must be an integer 0\\.\\.2147483647`));
  });
});

describe('compareVersions', () => {
  it.each([
    ['1.0.0', '1.0.0', 0],
    ['1.0.1', '1.0.0', 1],
    ['1.0.9', '1.0.10', -1],
    ['1.10.0', '1.9.99', 1],
    ['2.0.0', '1.99.99', 1],
    ['junk', '0.0.0', -1],
    ['0.0.0', 'junk', 1],
    ['a', 'b', -1],
    ['1.0.01', '1.0.1', -1],
    [{ major: 1, minor: 0, patch: 1 }, '1.0.01', 0],
    [{ major: 1, minor: 0, patch: 1 }, 'junk', 1],
  ] as const)('compare(%s, %s) = %d', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  it('agrees with numeric order on parsed triples and accepts objects', () => {
    fc.assert(fc.property(versionArb, versionArb, (a, b) => {
      const numeric = Math.sign(a.major - b.major || a.minor - b.minor || a.patch - b.patch);
      expect(compareVersions(formatVersion(a), formatVersion(b))).toBe(numeric);
      expect(compareVersions(a, formatVersion(b))).toBe(numeric);
      expect(compareVersions(a, b)).toBe(numeric);
    }));
  });

  it('is a total order over arbitrary names (antisymmetric, transitive)', () => {
    const name = fc.oneof(smallVersionArb.map(formatVersion), fc.string({ maxLength: 6 }), fc.constant('1.0.01'));
    fc.assert(fc.property(name, name, name, (a, b, c) => {
      expect(Math.sign(compareVersions(a, b)) + Math.sign(compareVersions(b, a))).toBe(0);
      if (compareVersions(a, b) <= 0 && compareVersions(b, c) <= 0) expect(compareVersions(a, c)).toBeLessThanOrEqual(0);
      if (compareVersions(a, b) === 0) expect(a).toBe(b);
    }));
  });
});

describe('nextVersion (semver)', () => {
  it.each([
    { existing: [], changed: false, major: 1, expected: '1.0.0', why: 'first version' },
    { existing: ['1.0.0'], changed: false, major: 1, expected: '1.0.1', why: 'patch increments' },
    { existing: ['1.0.0', '1.0.7', '1.0.3'], changed: false, major: 1, expected: '1.0.8', why: 'from the highest, not the last' },
    { existing: ['1.2.7'], changed: true, major: 1, expected: '1.3.0', why: 'base image changed: minor + 1, patch 0' },
    { existing: ['0.9.9', 'junk', '1.2'], changed: false, major: 1, expected: '1.0.0', why: 'lower majors and junk ignored' },
    { existing: ['1.0.5', '3.1.4'], changed: false, major: 1, expected: '3.1.5', why: 'a higher existing major continues' },
    { existing: ['1.0.10', '1.0.9'], changed: false, major: 1, expected: '1.0.11', why: 'numeric, not text, order' },
    { existing: ['1.0.010'], changed: false, major: 1, expected: '1.0.11', why: 'leading zeros read numerically' },
    { existing: [`1.0.${INT32_MAX}`], changed: false, major: 1, expected: '1.1.0', why: 'patch exhausted: minor instead' },
    { existing: [`1.${INT32_MAX}.4`], changed: true, major: 1, expected: `1.${INT32_MAX}.5`, why: 'minor exhausted: patch instead' },
    { existing: [], changed: false, major: INT32_MAX, expected: `${INT32_MAX}.0.0`, why: 'largest major' },
  ])('$why: $existing → $expected', ({ existing, changed, major, expected }) => {
    expect(nextVersion(semver(major), existing, ctx(changed))).toBe(expected);
  });

  it('throws VERSION_OVERFLOW when the major has no room left', () => {
    const full = `1.${INT32_MAX}.${INT32_MAX}`;
    expect(() => nextVersion(semver(1), [full], ctx(false))).toThrow(VersionOverflowError);
    expect(() => nextVersion(semver(1), [full], ctx(true))).toThrow(/^VERSION_OVERFLOW: no int32-safe version above/);
  });

  it.each([
    [-1, RangeError, /versioning\.major must be an integer/],
    [1.5, RangeError, /versioning\.major must be an integer/],
    [INT32_MAX + 1, VersionOverflowError, /^VERSION_OVERFLOW: versioning\.major/],
  ])('refuses major %d', (major, type, message) => {
    expect(() => nextVersion(semver(major), [], ctx())).toThrow(type);
    expect(() => nextVersion(semver(major), [], ctx())).toThrow(message);
  });
});

describe('nextVersion (date)', () => {
  it.each([
    { existing: [], now: '2026-11-25T20:15:00Z', expected: '1.20261125.1', why: 'first build of the day' },
    { existing: ['1.20261125.1', '1.20261125.2'], now: '2026-11-25T20:15:00Z', expected: '1.20261125.3', why: 'N counts the day' },
    { existing: ['1.20261124.9'], now: '2026-11-25T00:00:00Z', expected: '1.20261125.1', why: 'a new day restarts N' },
    { existing: [], now: '2026-11-25T23:59:59.999Z', expected: '1.20261125.1', why: 'UTC day, not local' },
    { existing: ['1.0.7'], now: '2026-11-25T10:00:00Z', expected: '1.20261125.1', why: 'moving from semver to date' },
    { existing: ['1.20261126.2'], now: '2026-11-25T10:00:00Z', expected: '1.20261126.3', why: 'clock behind the highest: still greater' },
    { existing: ['2.20250101.1'], now: '2026-11-25T10:00:00Z', expected: '2.20261125.1', why: 'a higher existing major continues' },
  ])('$why: $existing → $expected', ({ existing, now, expected }) => {
    expect(nextVersion(date(1), existing, ctx(false, new Date(now)))).toBe(expected);
  });

  it('throws VERSION_OVERFLOW when the day counter is exhausted', () => {
    expect(() => nextVersion(date(1), [`1.20261126.${INT32_MAX}`], ctx())).toThrow(/^VERSION_OVERFLOW: build counter/);
  });

  it('refuses an invalid now', () => {
    expect(() => nextVersion(date(1), [], ctx(false, new Date(Number.NaN)))).toThrow(/now must be a valid date/);
  });
});

describe('nextVersion properties', () => {
  const schemeArb = fc.record({
    scheme: fc.constantFrom('semver' as const, 'date' as const),
    major: fc.oneof(fc.integer({ min: 0, max: 5 }), int32),
  });

  it('yields three int32 segments strictly greater than every existing version, or VERSION_OVERFLOW', () => {
    fc.assert(fc.property(schemeArb, existingArb, nowArb, fc.boolean(), (scheme, existing, now, changed) => {
      let next: string;
      try {
        next = nextVersion(scheme, existing, { now, baseImageChanged: changed });
      } catch (error) {
        expect(error).toBeInstanceOf(VersionOverflowError);
        return;
      }
      const parsed = parseVersion(next);
      expect(parsed).not.toBeNull();
      expect(formatVersion(parsed!)).toBe(next);
      for (const name of existing) {
        if (parseVersion(name) !== null) expect(compareVersions(next, name)).toBe(1);
      }
      expect(parsed!.major).toBeGreaterThanOrEqual(scheme.major);
    }));
  });

  it('only overflows when the chosen major is truly full', () => {
    fc.assert(fc.property(schemeArb, existingArb, nowArb, fc.boolean(), (scheme, existing, now, changed) => {
      try {
        nextVersion(scheme, existing, { now, baseImageChanged: changed });
      } catch {
        const majors = existing.map(parseVersion).filter((v) => v !== null);
        const top = majors.reduce((m, v) => Math.max(m, v.major), scheme.major);
        const highestInTop = majors.filter((v) => v.major === top).sort((a, b) => b.minor - a.minor || b.patch - a.patch)[0];
        expect(highestInTop?.patch).toBe(INT32_MAX);
      }
    }));
  });

  it('semver: base image change bumps the minor, otherwise the patch', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (major, minor, patch) => {
      const existing = [formatVersion({ major, minor, patch })];
      expect(nextVersion(semver(major), existing, ctx(true))).toBe(`${major}.${minor + 1}.0`);
      expect(nextVersion(semver(major), existing, ctx(false))).toBe(`${major}.${minor}.${patch + 1}`);
    }));
  });

  it('date: the minor is the UTC day of now whenever the history is not ahead of it', () => {
    fc.assert(fc.property(nowArb, fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 5 }), (now, ns) => {
      const day = now.toISOString().slice(0, 10).replaceAll('-', '');
      const existing = ns.map((n) => `1.${day}.${n}`);
      const expectedN = ns.length === 0 ? 1 : Math.max(...ns) + 1;
      expect(nextVersion(date(1), existing, { now, baseImageChanged: false })).toBe(`1.${Number(day)}.${expectedN}`);
    }));
  });
});
