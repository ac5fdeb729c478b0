/** Reads the deployment files the infra checks judge, straight from the working tree. */
import { readdirSync, readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourceFile } from './checks/sourceFile';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const ROLES_DIR = 'infra/roles';

/** `root` defaults to the repository; tests point it at a temporary copy to plant a defect. */
export function readRepoFile(path: string, root = REPO_ROOT): SourceFile {
  return { path, text: readFileSync(resolve(root, path), 'utf8') };
}

/** Repository-relative paths under `dir` (recursive) whose names end with one of `extensions`. */
export function listRepoFiles(dir: string, extensions: readonly string[], root = REPO_ROOT): string[] {
  return readdirSync(resolve(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext)))
    .map((entry) => posix.relative(root.split('\\').join('/'), `${entry.parentPath.split('\\').join('/')}/${entry.name}`))
    .sort();
}

export function bicepFiles(root = REPO_ROOT): SourceFile[] {
  return listRepoFiles('infra', ['.bicep'], root).map((path) => readRepoFile(path, root));
}

export function readJson(path: string): unknown {
  return JSON.parse(readRepoFile(path).text);
}

/** The `Values` keys of local.settings.sample.json. */
export function localSampleSettingNames(): string[] {
  const sample = readJson('local.settings.sample.json');
  if (typeof sample !== 'object' || sample === null || !('Values' in sample)) throw new Error('local.settings.sample.json has no Values');
  const values = sample.Values;
  if (typeof values !== 'object' || values === null) throw new Error('local.settings.sample.json Values is not an object');
  return Object.keys(values);
}
