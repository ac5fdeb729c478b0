import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parseDocument } from 'yaml';
import { runPolicyCli } from '../../../scripts/policy';

const REPO = join(__dirname, '../../..');
export const NOW = new Date('2026-11-25T20:00:00.000Z');

/** The sample catalog with some paths replaced, written to a fresh temp file. */
export function aCatalogFile(edits: [path: (string | number)[], value: unknown][] = []): string {
  const doc = parseDocument(readFileSync(join(REPO, 'catalog.sample.yaml'), 'utf8'));
  for (const [path, value] of edits) doc.setIn(path, value);
  const file = join(mkdtempSync(join(tmpdir(), 'policy-cli-')), 'catalog.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

/** `root` is the working directory `npm run` gives the script: the clone, so a temp catalog is outside it. */
export function runCli(args: string[], root = REPO): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runPolicyCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), now: () => NOW, root });
  return { code, stdout, stderr };
}

/** ajv's default export validates draft-07, the dialect of the official schema copy in test/data/sarif. */
export function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const schema: unknown = JSON.parse(readFileSync(join(REPO, 'test/data/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  if (typeof schema !== 'object' || schema === null) throw new Error('SARIF schema is not an object');
  return ajv.compile(schema);
}
