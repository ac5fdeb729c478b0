/**
 * Reads every app setting name a set of Bicep files gives the Function App. Settings must be written through the
 * `Microsoft.Web/sites/config` resource named `appsettings`, whose `properties` is an object literal, a variable
 * holding one, or `union(…)` of those: anything else is reported, so a setting can never hide from the check.
 */
import { namedChildren, objectAt, objectProperties, parseBicep, property, resourceDeclarations, stringValue, variableDeclarations, type Node } from './bicepTree';
import type { SourceFile } from './sourceFile';

export interface BicepAppSettings {
  names: string[];
  problems: string[];
}

export function bicepAppSettings(files: readonly SourceFile[]): BicepAppSettings {
  const names: string[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const root = parseBicep(file);
    const variables = variableDeclarations(root);
    for (const resource of resourceDeclarations(root)) {
      if (resource.type.startsWith('Microsoft.Web/sites@') && property(objectAt(resource.body, 'properties', 'siteConfig'), 'appSettings') !== undefined)
        problems.push(`${file.path}: siteConfig.appSettings is not read by the checks; use the 'appsettings' config resource`);
      if (!resource.type.startsWith('Microsoft.Web/sites/config@')) continue;
      const name = property(resource.body, 'name');
      if (name === undefined || stringValue(name) !== 'appsettings') continue;
      const properties = property(resource.body, 'properties');
      if (properties === undefined) {
        problems.push(`${file.path}: ${resource.symbol} has no properties`);
        continue;
      }
      const read = settingKeys(properties, variables, `${file.path}: ${resource.symbol}.properties`);
      names.push(...read.names);
      problems.push(...read.problems);
    }
  }
  return { names, problems };
}

function settingKeys(value: Node, variables: ReadonlyMap<string, Node>, where: string): BicepAppSettings {
  if (value.type === 'object') return { names: objectProperties(value).map((p) => p.key), problems: [] };
  if (value.type === 'call_expression' && value.childForFieldName('function')?.text === 'union') {
    const args = value.childForFieldName('arguments');
    return combine((args === null ? [] : namedChildren(args)).map((arg) => settingKeys(arg, variables, where)));
  }
  const variable = value.type === 'identifier' ? variables.get(value.text) : undefined;
  if (variable !== undefined) return settingKeys(variable, variables, `${where} → ${value.text}`);
  const start = value.text.split(/[\s(]/)[0] ?? value.text;
  return { names: [], problems: [`${where}: cannot read setting names from '${start}…' (use an object literal, a var, or union of those)`] };
}

function combine(parts: readonly BicepAppSettings[]): BicepAppSettings {
  return { names: parts.flatMap((p) => p.names), problems: parts.flatMap((p) => p.problems) };
}
