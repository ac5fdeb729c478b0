import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { azdTagProblems, azureYamlSchema, hookScripts, parameterFileVariables, scriptAsGuide, scriptVariables, type AzureYaml } from './checks/azdProject';
import { parameterAgreement } from './checks/bicepParameters';
import { outputNames, parameterDeclarations, parseBicep } from './checks/bicepTree';
import { commandParameterProblems, type TemplateInterface } from './checks/deployGuide';
import { readRepoFile, REPO_ROOT } from './infraFiles';

const MAIN = 'infra/main.bicep';
const PARAMETERS = 'infra/main.parameters.json';
const SERVICE = 'image-autopilot';

/** Values azd itself puts in every environment (azd env new / azd provision). */
const AZD_PROVIDED = ['AZURE_ENV_NAME', 'AZURE_LOCATION', 'AZURE_SUBSCRIPTION_ID'];
/** Settings only the hooks read; docs/deploy.md documents each. */
const HOOK_SETTINGS = ['CATALOG_FILE'];

const azureYaml = (): AzureYaml => azureYamlSchema.parse(parse(readRepoFile('azure.yaml').text));
const mainRoot = () => parseBicep(readRepoFile(MAIN));
const parametersFile = z.object({ parameters: z.record(z.string(), z.object({ value: z.unknown() })) });

function template(path: string): TemplateInterface {
  return { path, parameters: new Set(parameterDeclarations(parseBicep(readRepoFile(path))).map((p) => p.name)) };
}

describe('azd: azure.yaml', () => {
  it('declares the image-autopilot function service in TypeScript, deploying the bundle npm run package builds', () => {
    const azure = azureYaml();
    expect(azure.services[SERVICE]).toMatchObject({ project: '.', language: 'ts', host: 'function', dist: '.package/app' });
    expect(existsSync(resolve(REPO_ROOT, azure.infra.path, `${azure.infra.module}.bicep`))).toBe(true);
    const prepackage = hookScripts(azure).filter((h) => h.where === `services.${SERVICE}.hooks.prepackage`);
    expect(prepackage).toHaveLength(1);
    for (const script of [prepackage[0]?.posix, prepackage[0]?.windows]) expect(readRepoFile(script ?? '').text).toMatch(/^\s*npm run package\b/m);
  });

  it('the app is tagged with the service name and the resource group with the environment name', () => {
    expect(azdTagProblems(azureYaml(), mainRoot(), parseBicep(readRepoFile('infra/modules/function-app.bicep')))).toEqual([]);
  });

  it.each([
    ['a renamed service', (a: AzureYaml) => ({ ...a, services: { api: { project: '.', language: 'ts', host: 'function' } } }), (t: string) => t, /azd-service-name is \["image-autopilot"\], azure.yaml's service is "api"/],
    ['a service tag the app does not carry', (a: AzureYaml) => a, (t: string) => t.replace("'azd-service-name': azdServiceName", "'azd-service': azdServiceName"), /azd-service-name is \[null\]/],
    ['a service tag overridden by a later union() argument', (a: AzureYaml) => a, (t: string) => t.replace("'azd-service-name': azdServiceName })", "'azd-service-name': azdServiceName }, { 'azd-service-name': 'api' })"), /azd-service-name is \["api"\]/],
    ['no environment tag on the resource group', (a: AzureYaml) => a, (t: string) => t.replace("tags: union(tags, { 'azd-env-name': environmentName })", 'tags: tags'), /resource group's azd-env-name is \[null\]/],
  ])('catches %s', (_name, changeYaml, changeMain, expected) => {
    const main = readRepoFile(MAIN);
    const changed = changeMain(main.text);
    const problems = azdTagProblems(changeYaml(azureYaml()), parseBicep({ ...main, text: changed }), parseBicep(readRepoFile('infra/modules/function-app.bicep')));
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });
});

describe('azd: infra/main.parameters.json', () => {
  const parameters = () => parametersFile.parse(JSON.parse(readRepoFile(PARAMETERS).text)).parameters;

  it('sets only parameters main.bicep declares, every required one, the environment name and the location from azd', () => {
    expect(parameterAgreement(parameterDeclarations(mainRoot()), Object.keys(parameters()), PARAMETERS)).toEqual([]);
    expect(parameters().environmentName?.value).toBe('${AZURE_ENV_NAME}');
    expect(parameters().location?.value).toBe('${AZURE_LOCATION}');
  });

  it('catches an unknown and a missing parameter', () => {
    const { galleryName: _dropped, ...rest } = parameters();
    expect(parameterAgreement(parameterDeclarations(mainRoot()), [...Object.keys(rest), 'catalogFile'], PARAMETERS)).toEqual([
      `${PARAMETERS}: 'catalogFile' is not a parameter`,
      `${PARAMETERS}: required parameter 'galleryName' is not given`,
    ]);
  });
});

describe('azd: hooks', () => {
  const outputs = () => outputNames(mainRoot());
  const readable = () => new Set([...outputs(), ...AZD_PROVIDED, ...HOOK_SETTINGS, ...parameterFileVariables(readRepoFile(PARAMETERS).text).map((v) => v.name)]);

  function variableProblems(path: string, text: string, shell: 'sh' | 'pwsh', known: ReadonlySet<string>): string[] {
    return [...scriptVariables(text, shell)].filter((name) => !known.has(name)).map((name) => `${path} reads ${name}, which azd never sets`);
  }

  it('every hook has an executable sh script and a pwsh script, reading the same variables', () => {
    const hooks = hookScripts(azureYaml());
    expect(hooks.map((h) => h.where).sort()).toEqual(['hooks.postdeploy', `services.${SERVICE}.hooks.prepackage`]);
    for (const hook of hooks) {
      expect(statSync(resolve(REPO_ROOT, hook.posix)).mode & 0o111, hook.posix).not.toBe(0);
      expect(scriptVariables(readRepoFile(hook.windows).text, 'pwsh')).toEqual(scriptVariables(readRepoFile(hook.posix).text, 'sh'));
    }
  });

  it('hooks read only outputs of main.bicep, azd variables and the documented hook settings', () => {
    const known = readable();
    const problems = hookScripts(azureYaml()).flatMap((h) => [
      ...variableProblems(h.posix, readRepoFile(h.posix).text, 'sh', known),
      ...variableProblems(h.windows, readRepoFile(h.windows).text, 'pwsh', known),
    ]);
    expect(problems).toEqual([]);
    expect(outputs()).toContain('AZURE_RESOURCE_GROUP');
    const guide = readRepoFile('docs/deploy.md').text;
    expect(HOOK_SETTINGS.filter((name) => !guide.includes(name))).toEqual([]);
  });

  it('catches a hook reading an output main.bicep does not have', () => {
    const text = readRepoFile('infra/hooks/postdeploy.sh').text.replace('"$AZURE_FUNCTION_APP_NAME"', '"$AZURE_FUNCTIONAPP_NAME"');
    expect(variableProblems('postdeploy.sh', text, 'sh', readable())).toEqual(['postdeploy.sh reads AZURE_FUNCTIONAPP_NAME, which azd never sets']);
    const ps1 = readRepoFile('infra/hooks/postdeploy.ps1').text.replace("'AZURE_STORAGE_ACCOUNT_NAME'", "'AZURE_STORAGE_NAME'");
    expect(variableProblems('postdeploy.ps1', ps1, 'pwsh', readable())).toEqual(['postdeploy.ps1 reads AZURE_STORAGE_NAME, which azd never sets']);
  });

  it('the postdeploy hook deploys eventgrid.bicep with real parameters only, on both platforms', () => {
    const templates = [template(MAIN), template('infra/eventgrid.bicep')];
    for (const path of ['infra/hooks/postdeploy.sh', 'infra/hooks/postdeploy.ps1']) {
      const guide = scriptAsGuide(path, readRepoFile(path).text);
      expect(guide.text.match(/--template-file infra\/eventgrid\.bicep/g)).toHaveLength(2);
      expect(commandParameterProblems(guide, templates)).toEqual([]);
      const renamed = { ...guide, text: guide.text.replace('useExistingSystemTopic=true', 'reuseSystemTopic=true') };
      expect(commandParameterProblems(renamed, templates)).toEqual([`${path}: 'reuseSystemTopic' is not a parameter of infra/eventgrid.bicep`]);
    }
  });
});
