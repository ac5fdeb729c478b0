import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import type { SarifArtifactLocation } from '../shared/domain/policy/toSarif';

/** GitHub code scanning and other SARIF consumers resolve this base to the root of the checked-out repository. */
export const SOURCE_ROOT = '%SRCROOT%';

const asUri = (segments: readonly string[]): string => segments.map((segment) => encodeURIComponent(segment)).join('/');

/**
 * Where the catalog is, for SARIF: relative to the repository root (where `npm run` runs) under `%SRCROOT%`, so a
 * code-scanning upload points at the file in the repository. A log is meant to be uploaded and shared, so it never
 * carries a local absolute path: a catalog outside the root is named by its file name alone, with no base.
 */
export function catalogArtifactLocation(catalog: string, root: string): SarifArtifactLocation {
  const inRoot = relative(root, resolve(root, catalog));
  const outside = inRoot === '' || isAbsolute(inRoot) || inRoot === '..' || inRoot.startsWith(`..${sep}`);
  if (outside) return { uri: asUri([basename(catalog)]) };
  return { uri: asUri(inRoot.split(sep)), uriBaseId: SOURCE_ROOT };
}
