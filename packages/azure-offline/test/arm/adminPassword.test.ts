import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adminPasswordProblem } from '../../src/arm/adminPassword';

const os = fc.constantFrom('Linux' as const, 'Windows' as const);
const LIMITS = { Linux: [6, 72], Windows: [8, 123] } as const;
const lettersOnly = fc.stringMatching(/^[a-zA-Z]+$/);

describe('administrator password rules', () => {
  it('accepts any password of an allowed length with lower case, upper case and a digit', () => {
    fc.assert(
      fc.property(os, fc.stringMatching(/^[a-zA-Z0-9!@#$%^&*()_+\-= ]*$/), (type, filler) => {
        const [min, max] = LIMITS[type];
        const password = `aB3${filler}`.padEnd(min, 'x').slice(0, max);
        expect(adminPasswordProblem(password, type)).toBeUndefined();
      }),
    );
  });

  it('refuses any password with letters only (two classes at most)', () => {
    fc.assert(
      fc.property(os, lettersOnly, (type, password) => {
        expect(adminPasswordProblem(password, type)).toMatch(/at least 3 of password complexity/);
      }),
    );
  });

  it('names the length limits of the OS in its message', () => {
    expect(adminPasswordProblem('aB3', 'Linux')).toContain('between 6-72 characters');
    expect(adminPasswordProblem('aB3', 'Windows')).toContain('between 8-123 characters');
  });
});
