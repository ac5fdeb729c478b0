import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disabledSettingName, isFunctionDisabled } from '../../src/host/disabledFunctions';

describe('isFunctionDisabled', () => {
  it.each([
    [{ 'AzureWebJobs.f.Disabled': 'true' }, true],
    [{ 'AzureWebJobs.f.Disabled': ' TRUE ' }, true],
    [{ 'AzureWebJobs.f.Disabled': '1' }, true],
    [{ 'AzureWebJobs.f.Disabled': 'false' }, false],
    [{ 'AzureWebJobs.f.Disabled': '0' }, false],
    [{ 'AzureWebJobs.f.Disabled': '' }, false],
    [{ 'AzureWebJobs.g.Disabled': 'true' }, false],
    [{}, false],
  ])('%j → %s', (settings, disabled) => {
    expect(isFunctionDisabled('f', settings)).toBe(disabled);
  });

  it('only "true" (any case) and "1" disable', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (name, value) => {
        const expected = ['true', '1'].includes(value.trim().toLowerCase());
        return isFunctionDisabled(name, { [disabledSettingName(name)]: value }) === expected;
      }),
    );
  });
});
