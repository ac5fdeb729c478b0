import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnvironmentOverlay } from '../../src/host/environmentOverlay';

const PREFIX = 'LOCAL_HOST_OVERLAY_TEST_';

function snapshot(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith(PREFIX)));
}

describe('EnvironmentOverlay', () => {
  it.each([
    ['a new variable', {}, { A: '1' }],
    ['an existing variable', { A: 'before' }, { A: 'after' }],
    ['an empty value over an existing one', { A: 'x' }, { A: '' }],
  ])('applies and restores %s', (_what, before: Record<string, string>, settings: Record<string, string>) => {
    const prefixed = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [PREFIX + k, v]));
    Object.assign(process.env, prefixed(before));
    const original = snapshot();
    const overlay = new EnvironmentOverlay();
    overlay.apply(prefixed(settings));
    expect(snapshot()).toEqual({ ...original, ...prefixed(settings) });
    overlay.restore();
    expect(snapshot()).toEqual(original);
    for (const name of Object.keys(snapshot())) delete process.env[name];
  });

  it('restores the environment exactly after any sequence of applies', () => {
    const key = fc.constantFrom('A', 'B', 'C').map((k) => PREFIX + k);
    const values = fc.dictionary(key, fc.string().filter((v) => !v.includes('\0')));
    fc.assert(
      fc.property(values, fc.array(values, { maxLength: 4 }), (before, applies) => {
        for (const name of Object.keys(snapshot())) delete process.env[name];
        Object.assign(process.env, before);
        const original = snapshot();
        const overlay = new EnvironmentOverlay();
        for (const settings of applies) overlay.apply(settings);
        expect(snapshot()).toEqual(Object.assign({}, original, ...applies));
        overlay.restore();
        expect(snapshot()).toEqual(original);
      }),
    );
    for (const name of Object.keys(snapshot())) delete process.env[name];
  });
});
