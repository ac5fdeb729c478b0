/**
 * What the Bicep compiler would reject and no test could otherwise see: a module given a parameter it does not
 * declare or missing one it requires, and a .bicepparam file setting unknown parameters or leaving required ones out.
 */
import { posix } from 'node:path';
import { moduleDeclarations, objectAt, objectProperties, parameterDeclarations, parseBicep, parseBicepParam, type ParameterDeclaration } from './bicepTree';
import type { SourceFile } from './sourceFile';

export function moduleParameterProblems(files: readonly SourceFile[]): string[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  return files.flatMap((file) =>
    moduleDeclarations(parseBicep(file)).flatMap((module) => {
      const target = posix.normalize(posix.join(posix.dirname(file.path), module.type));
      const moduleFile = byPath.get(target);
      if (moduleFile === undefined) return [`${file.path}: module ${module.symbol} points at ${target}, which does not exist`];
      const params = objectAt(module.body, 'params');
      const given = params === undefined ? [] : objectProperties(params).map((p) => p.key);
      return parameterAgreement(parameterDeclarations(parseBicep(moduleFile)), given, `${file.path}: module ${module.symbol} (${target})`);
    }),
  );
}

export function parameterFileProblems(template: SourceFile, parameterFile: SourceFile): string[] {
  const parsed = parseBicepParam(parameterFile);
  const problems: string[] = [];
  if (parsed.using === undefined || posix.normalize(posix.join(posix.dirname(parameterFile.path), parsed.using)) !== template.path)
    problems.push(`${parameterFile.path}: 'using' does not point at ${template.path}`);
  const given = parsed.parameters.map((p) => p.name);
  return [...problems, ...parameterAgreement(parameterDeclarations(parseBicep(template)), given, parameterFile.path)];
}

/** Problems of a parameter set (module params, a .bicepparam, azd's main.parameters.json) against the declarations. */
export function parameterAgreement(declared: readonly ParameterDeclaration[], given: readonly string[], where: string): string[] {
  const names = new Set(declared.map((p) => p.name));
  const passed = new Set(given);
  return [
    ...given.filter((name) => !names.has(name)).map((name) => `${where}: '${name}' is not a parameter`),
    ...declared.filter((p) => !p.optional && !passed.has(p.name)).map((p) => `${where}: required parameter '${p.name}' is not given`),
  ];
}
