import { describe, expect, it } from 'vitest';
import { AZURE_SDKS, functionsGeneratedBy, modulesLoadedBy } from '../support/appLoad';
import { appEntry } from '../support/stack';

// A cold start pays for every module it loads; the Azure SDKs are half of them and only activities and routes call
// Azure, so the composition root builds clients whose SDK loads on first use (the e2e builds prove that use works).
describe('loading the compiled app with valid settings', () => {
  let loaded: string[] | undefined;
  it.each(AZURE_SDKS)('does not load %s', (sdk) => {
    loaded ??= modulesLoadedBy(appEntry);
    expect(loaded.some((file) => file.includes('/node_modules/durable-functions/'))).toBe(true);
    expect(loaded.filter((file) => file.includes(`/node_modules/${sdk}/`))).toEqual([]);
  });
});

// Settings and catalog are parsed once per process: zod's generated fast parsers (one compiled function per object
// schema) cost a third of the packaged app's cold start and would never pay back.
describe('loading the compiled app with valid settings and the sample catalog', () => {
  it('generates no code to parse them', () => {
    expect(functionsGeneratedBy(appEntry)).toBe(0);
  });
});
