import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveBindingOptions, resolveSettingReferences } from '../../src/host/resolveSettings';

const settings = { REBUILD_SCHEDULE: '0 0 3 * * *', HUB: 'AutopilotHub', EMPTY: '', PCT: '%HUB%' };

describe('resolveSettingReferences', () => {
  it.each([
    ['%REBUILD_SCHEDULE%', '0 0 3 * * *'],
    ['hub-%HUB%-%HUB%', 'hub-AutopilotHub-AutopilotHub'],
    ['%EMPTY%', ''],
    ['no references', 'no references'],
    ['50% off', '50% off'],
    ['%PCT%', '%HUB%'], // one pass only, as the host does
    ['% HUB %', '% HUB %'],
  ])('%j → %j', (value, expected) => {
    expect(resolveSettingReferences(value, settings, 'where')).toBe(expected);
  });

  it('names where the reference was and which setting is missing', () => {
    expect(() => resolveSettingReferences('%MISSING%', settings, "function 'x' binding 'y'.schedule")).toThrow(
      "function 'x' binding 'y'.schedule: app setting 'MISSING' is referenced as %MISSING% but is not set",
    );
  });

  it('leaves strings without % unchanged and substitutes any value exactly once', () => {
    const name = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,20}$/);
    fc.assert(fc.property(fc.string().filter((s) => !s.includes('%')), (text) => resolveSettingReferences(text, {}, 'w') === text));
    fc.assert(
      fc.property(name, fc.string(), fc.string().filter((s) => !s.includes('%')), (key, value, prefix) => {
        expect(resolveSettingReferences(`${prefix}%${key}%`, { [key]: value }, 'w')).toBe(`${prefix}${value}`);
      }),
    );
  });
});

describe('resolveBindingOptions', () => {
  it('resolves top-level string options only', () => {
    const binding = { name: 't', type: 'timerTrigger', schedule: '%REBUILD_SCHEDULE%', runOnStartup: false, nested: { v: '%HUB%' } };
    expect(resolveBindingOptions(binding, settings, 'f')).toEqual({ ...binding, schedule: '0 0 3 * * *' });
  });
});
