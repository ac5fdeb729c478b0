import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The project's own ESLint configuration, run on planted snippets: spreading an array into a call overflows the stack
 * on large inputs, so product code must be refused it, while tests and array/object literals stay free to spread.
 */
const eslint = new ESLint({ cwd: resolve(__dirname, '../../..') });

async function restrictedSyntaxMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const PRODUCT_FILES = [
  'functions/activities/planted.ts',
  'functions/orchestrators/planted.ts',
  'functions/triggers/planted.ts',
  'shared/domain/policy/planted.ts',
  'shared/adapters/azure/planted.ts',
  'scripts/planted.ts',
];

const VIOLATIONS: [string, string][] = [
  ['push(...array)', 'export function f(out: number[], found: number[]): void {\n  out.push(...found);\n}\n'],
  ['Math.max(...array)', 'export const f = (xs: number[]): number => Math.max(...xs);\n'],
  ['new X(...array)', 'export const f = (xs: number[]): Date => new Date(...(xs as [number]));\n'],
  ['apply with an argument array', 'export const f = (xs: number[]): number => Math.min.apply(null, xs);\n'],
];

const ALLOWED: [string, string][] = [
  ['array literal spread', 'export const f = (a: number[], b: number[]): number[] => [...a, ...b];\n'],
  ['object literal spread', 'export const f = (o: { a: number }): { a: number; b: number } => ({ ...o, b: 1 });\n'],
  ['concat', 'export const f = (a: number[], b: number[]): number[] => a.concat(b);\n'],
  ['loop push', 'export function f(out: number[], found: number[]): void {\n  for (const x of found) out.push(x);\n}\n'],
];

describe('ESLint: no spread of arrays into calls in product code', () => {
  describe.each(PRODUCT_FILES)('%s', (filePath) => {
    it.each(VIOLATIONS)('refuses %s', async (_name, code) => {
      const messages = await restrictedSyntaxMessages(code, filePath);
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/overflows the stack/);
    });

    it.each(ALLOWED)('allows %s', async (_name, code) => {
      expect(await restrictedSyntaxMessages(code, filePath)).toEqual([]);
    });
  });

  it('keeps the orchestrator determinism bans beside it (flat config would let one list replace the other)', async () => {
    const messages = await restrictedSyntaxMessages('export const f = (xs: number[]): number => Math.max(Date.now(), ...xs);\n', 'functions/orchestrators/planted.ts');
    expect(messages).toEqual([expect.stringMatching(/currentUtcDateTime/), expect.stringMatching(/overflows the stack/)]);
  });

  it('leaves tests free to spread', async () => {
    expect(await restrictedSyntaxMessages(VIOLATIONS[0]?.[1] ?? '', 'test/unit/planted.test.ts')).toEqual([]);
  });
});
