/**
 * Every custom role in infra/roles must reach Azure: some Bicep file loads it with loadJsonContent, and the
 * dispatch in main.bicep knows every `assignTo` target. A role file nobody loads would be a permission the policy
 * checks believe in but Azure never grants (or the reverse after an edit).
 */
import { posix } from 'node:path';
import { tokenize } from './bicepTokens';
import { firstToken, objectEntries, variableDeclarations } from './bicepStructure';
import type { SourceFile } from './sourceFile';

export interface JsonReference {
  from: string;
  /** Repository-relative path the call loads. */
  target: string;
}

export function loadJsonReferences(files: readonly SourceFile[]): JsonReference[] {
  return files.flatMap((file) => {
    const tokens = tokenize(file.text);
    return tokens.flatMap((token, i) => {
      const argument = tokens[i + 2];
      if (token.text !== 'loadJsonContent' || tokens[i + 1]?.text !== '(' || argument?.value === undefined) return [];
      return [{ from: file.path, target: posix.normalize(posix.join(posix.dirname(file.path), argument.value)) }];
    });
  });
}

/** Problems: a role file no Bicep loads, or Bicep loading a role file that does not exist. */
export function roleFilesReferenced(roleFiles: readonly string[], bicepFiles: readonly SourceFile[], rolesDir: string): string[] {
  const references = loadJsonReferences(bicepFiles);
  const loaded = new Set(references.map((r) => r.target));
  const existing = new Set(roleFiles);
  const problems = roleFiles.filter((path) => !loaded.has(path)).map((path) => `${path} is not loaded by any Bicep file`);
  for (const reference of references) {
    if (reference.target.startsWith(`${rolesDir}/`) && !existing.has(reference.target))
      problems.push(`${reference.from} loads ${reference.target}, which is not a role file`);
  }
  return problems;
}

export interface RoleTarget {
  path: string;
  assignTo: string;
}

/**
 * main.bicep must map every target to scopes (`var scopesByTarget = { … }`) and assign every target somewhere
 * (`role.assignTo == '<target>'`), and every role file must name a known target.
 */
export function assignTargetsHandled(roles: readonly RoleTarget[], main: SourceFile, targets: readonly string[]): string[] {
  const tokens = tokenize(main.text);
  const known = new Set(targets);
  const problems = roles.filter((r) => !known.has(r.assignTo)).map((r) => `${r.path}: assignTo '${r.assignTo}' is not one of ${targets.join(', ')}`);

  const scopes = variableDeclarations(tokens).find((v) => v.name === 'scopesByTarget');
  const scopesOpen = scopes === undefined ? undefined : firstToken(tokens, scopes.value);
  if (scopesOpen === undefined || tokens[scopesOpen]?.text !== '{') problems.push(`${main.path}: no object 'var scopesByTarget'`);
  else problems.push(...sameSet(objectEntries(tokens, scopesOpen).map((e) => e.key), targets, `${main.path}: scopesByTarget`));

  const dispatched = tokens.flatMap((token, i) =>
    token.text === 'assignTo' && tokens[i + 1]?.text === '==' && tokens[i + 2]?.value !== undefined ? [tokens[i + 2]?.value ?? ''] : [],
  );
  problems.push(...sameSet(dispatched, targets, `${main.path}: assignments (assignTo == '…')`));
  return problems;
}

function sameSet(actual: readonly string[], expected: readonly string[], where: string): string[] {
  const have = new Set(actual);
  const want = new Set(expected);
  return [
    ...[...want].filter((t) => !have.has(t)).map((t) => `${where} misses '${t}'`),
    ...[...have].filter((t) => !want.has(t)).map((t) => `${where} has unknown '${t}'`),
  ];
}
