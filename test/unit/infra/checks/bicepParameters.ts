/**
 * What the Bicep compiler would reject and no test could otherwise see: a module given a parameter it does not
 * declare or missing one it requires, and a .bicepparam file setting unknown parameters or leaving required ones out.
 */
import { posix } from 'node:path';
import { tokenize } from './bicepTokens';
import { entry, firstToken, moduleDeclarations, objectEntries, parameterDeclarations } from './bicepStructure';
import type { SourceFile } from './sourceFile';

export function moduleParameterProblems(files: readonly SourceFile[]): string[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  return files.flatMap((file) => {
    const tokens = tokenize(file.text);
    return moduleDeclarations(tokens).flatMap((module) => {
      const target = posix.normalize(posix.join(posix.dirname(file.path), module.type));
      const moduleFile = byPath.get(target);
      if (moduleFile === undefined) return [`${file.path}: module ${module.symbol} points at ${target}, which does not exist`];
      const params = entry(tokens, module.bodyOpen, 'params');
      const open = params === undefined ? undefined : firstToken(tokens, params.value);
      const given = open !== undefined && tokens[open]?.text === '{' ? objectEntries(tokens, open).map((e) => e.key) : [];
      return parameterAgreement(parameterDeclarations(tokenize(moduleFile.text)), given, `${file.path}: module ${module.symbol} (${target})`);
    });
  });
}

export function parameterFileProblems(template: SourceFile, parameterFile: SourceFile): string[] {
  const tokens = tokenize(parameterFile.text);
  const using = tokens.findIndex((t) => t.text === 'using');
  const usingPath = tokens[using + 1]?.value;
  const problems: string[] = [];
  if (usingPath === undefined || posix.normalize(posix.join(posix.dirname(parameterFile.path), usingPath)) !== template.path)
    problems.push(`${parameterFile.path}: 'using' does not point at ${template.path}`);
  const given = parameterDeclarations(tokens).map((p) => p.name);
  return [...problems, ...parameterAgreement(parameterDeclarations(tokenize(template.text)), given, parameterFile.path)];
}

function parameterAgreement(declared: readonly { name: string; hasDefault: boolean }[], given: readonly string[], where: string): string[] {
  const names = new Set(declared.map((p) => p.name));
  const passed = new Set(given);
  return [
    ...given.filter((name) => !names.has(name)).map((name) => `${where}: '${name}' is not a parameter`),
    ...declared.filter((p) => !p.hasDefault && !passed.has(p.name)).map((p) => `${where}: required parameter '${p.name}' is not given`),
  ];
}
