/**
 * `azd up` needs azure.yaml, infra/main.parameters.json, the hooks azure.yaml runs, and tags on the Bicep resources
 * that let azd find the resource group (`azd-env-name`) and the app a service deploys to (`azd-service-name`).
 * These checks hold those files to each other and to the Bicep, since azd itself is not available offline.
 */
import { z } from 'zod';
import { moduleDeclarations, namedChildren, objectAt, objectProperties, parameterDeclarations, property, resourceDeclarations, stringValue, variableDeclarations, type Node } from './bicepTree';

/** Each hook runs a script file on both platforms, so both can be checked (inline commands could not). */
const hooksSchema = z.record(z.string(), z.object({ posix: z.object({ shell: z.literal('sh'), run: z.string() }), windows: z.object({ shell: z.literal('pwsh'), run: z.string() }) }));

export const azureYamlSchema = z.object({
  name: z.string(),
  infra: z.object({ provider: z.literal('bicep'), path: z.string(), module: z.string() }),
  services: z.record(z.string(), z.object({ project: z.string(), language: z.string(), host: z.string(), dist: z.string().optional(), hooks: hooksSchema.optional() })),
  hooks: hooksSchema.optional(),
});
export type AzureYaml = z.infer<typeof azureYamlSchema>;

export interface HookScripts {
  where: string;
  posix: string;
  windows: string;
}

/** Every hook, project-level and per service, with where it sits (for messages). */
export function hookScripts(azure: AzureYaml): HookScripts[] {
  const list = (hooks: z.infer<typeof hooksSchema> | undefined, prefix: string) =>
    Object.entries(hooks ?? {}).map(([event, hook]) => ({ where: `${prefix}hooks.${event}`, posix: hook.posix.run, windows: hook.windows.run }));
  return [...list(azure.hooks, ''), ...Object.entries(azure.services).flatMap(([name, service]) => list(service.hooks, `services.${name}.`))];
}

/**
 * The value of tag `key` in a tags expression: an object literal, `union(…)` of objects and vars, or a var; the
 * tag's value must be a string literal or a var/param name (returned as `=name`). Undefined if the tag is not set.
 */
export function tagValue(tags: Node | undefined, key: string, root: Node): string | undefined {
  if (tags === undefined) return undefined;
  const variables = variableDeclarations(root);
  const read = (node: Node): string | undefined => {
    if (node.type === 'object') {
      const value = objectProperties(node).find((p) => p.key === key)?.value;
      if (value === undefined) return undefined;
      if (value.type === 'identifier') {
        const variable = variables.get(value.text);
        return variable === undefined ? `=${value.text}` : (stringValue(variable) ?? `=${value.text}`);
      }
      return stringValue(value) ?? value.text;
    }
    if (node.type === 'call_expression' && node.childForFieldName('function')?.text === 'union') {
      const args = node.childForFieldName('arguments');
      // union() lets the last argument win.
      return (args === null ? [] : namedChildren(args)).map(read).filter((v) => v !== undefined).pop();
    }
    const variable = node.type === 'identifier' ? variables.get(node.text) : undefined;
    return variable === undefined ? undefined : read(variable);
  };
  return read(tags);
}

/** The `tags` expression of a declaration body, or of its `params` for a module. */
export function tagsOf(body: Node | undefined, isModule: boolean): Node | undefined {
  return isModule ? property(objectAt(body, 'params'), 'tags') : property(body, 'tags');
}

/** `${NAME}` and `${NAME=default}` references in azd's parameters file; names with a default are optional. */
export function parameterFileVariables(text: string): { name: string; hasDefault: boolean }[] {
  return [...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)(=[^}]*)?\}/g)].map((m) => ({ name: m[1] ?? '', hasDefault: m[2] !== undefined }));
}

/** Environment variables a hook script reads: `$NAME`/`${NAME…}` in sh, `$env:NAME` and GetEnvironmentVariable('NAME') in pwsh. */
export function scriptVariables(text: string, shell: 'sh' | 'pwsh'): Set<string> {
  const code = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  const patterns =
    shell === 'sh'
      ? [/\$\{([A-Z_][A-Z0-9_]*)/g, /\$([A-Z_][A-Z0-9_]*)/g]
      : [/\$env:([A-Z_][A-Z0-9_]*)/gi, /'([A-Z][A-Z0-9]*_[A-Z0-9_]+)'/g];
  return new Set(patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((m) => m[1] ?? '')));
}

/** A script's commands as a fenced shell block (continuations joined), so the deploy guide's command checks apply. */
export function scriptAsGuide(path: string, text: string): { path: string; text: string } {
  const joined = text.replace(/ `\n/g, ' \\\n');
  return { path, text: `\`\`\`sh\n${joined}\n\`\`\`\n` };
}

/** azd finds the app by `azd-service-name` = the service's name, and the environment's group by `azd-env-name`. */
export function azdTagProblems(azure: AzureYaml, main: Node, functionApp: Node): string[] {
  const problems: string[] = [];
  const services = Object.entries(azure.services).filter(([, s]) => s.host === 'function').map(([name]) => name);
  if (services.length !== 1) problems.push(`azure.yaml: expected one function service, found ${services.length}`);
  const tagged = moduleDeclarations(main)
    .filter((m) => m.type === 'modules/function-app.bicep')
    .map((m) => tagValue(tagsOf(m.body, true), 'azd-service-name', main));
  if (tagged.length !== 1 || tagged[0] !== services[0])
    problems.push(`main.bicep: the function app's azd-service-name is ${JSON.stringify(tagged)}, azure.yaml's service is ${JSON.stringify(services[0])}`);
  const siteTags = resourceDeclarations(functionApp)
    .filter((r) => r.type.startsWith('Microsoft.Web/sites@'))
    .map((r) => property(r.body, 'tags')?.text);
  const tagsParam = parameterDeclarations(functionApp).some((p) => p.name === 'tags');
  if (siteTags.length !== 1 || siteTags[0] !== 'tags' || !tagsParam) problems.push(`function-app.bicep: the site's tags are ${JSON.stringify(siteTags)}, not the module's tags parameter`);
  const envTags = resourceDeclarations(main)
    .filter((r) => r.type.startsWith('Microsoft.Resources/resourceGroups@'))
    .map((r) => tagValue(property(r.body, 'tags'), 'azd-env-name', main));
  if (envTags.length !== 1 || envTags[0] !== '=environmentName') problems.push(`main.bicep: the resource group's azd-env-name is ${JSON.stringify(envTags)}, expected environmentName`);
  return problems;
}
