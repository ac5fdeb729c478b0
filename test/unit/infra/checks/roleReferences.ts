/**
 * Every custom role in infra/roles must reach Azure: some Bicep file loads it with loadJsonContent, and the
 * dispatch in main.bicep knows every `assignTo` target. A role file nobody loads would be a permission the policy
 * checks believe in but Azure never grants (or the reverse after an edit).
 */
import { posix } from 'node:path';
import { callsOf, objectProperties, parseBicep, stringValue, variableDeclarations } from './bicepTree';
import type { SourceFile } from './sourceFile';

export interface JsonReference {
  from: string;
  /** Repository-relative path the call loads. */
  target: string;
}

export function loadJsonReferences(files: readonly SourceFile[]): JsonReference[] {
  return files.flatMap((file) =>
    callsOf(parseBicep(file), 'loadJsonContent').flatMap(([argument]) => {
      const path = argument === undefined ? undefined : stringValue(argument);
      return path === undefined ? [] : [{ from: file.path, target: posix.normalize(posix.join(posix.dirname(file.path), path)) }];
    }),
  );
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
  const root = parseBicep(main);
  const known = new Set(targets);
  const problems = roles.filter((r) => !known.has(r.assignTo)).map((r) => `${r.path}: assignTo '${r.assignTo}' is not one of ${targets.join(', ')}`);

  const scopes = variableDeclarations(root).get('scopesByTarget');
  if (scopes?.type !== 'object') problems.push(`${main.path}: no object 'var scopesByTarget'`);
  else problems.push(...sameSet(objectProperties(scopes).map((p) => p.key), targets, `${main.path}: scopesByTarget`));

  // `<x>.assignTo == '<target>'` comparisons, wherever they sit (the filters building each assignment list).
  const dispatched = root.descendantsOfType('binary_expression').flatMap((comparison) => {
    const left = comparison.childForFieldName('left');
    const right = comparison.childForFieldName('right');
    const target = right === null ? undefined : stringValue(right);
    const readsAssignTo = left?.type === 'member_expression' && left.childForFieldName('property')?.text === 'assignTo';
    return comparison.childForFieldName('operator')?.text === '==' && readsAssignTo && target !== undefined ? [target] : [];
  });
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
