import { describe, expect, it } from 'vitest';
import { moduleOutputProblems } from './checks/bicepOutputs';
import { moduleParameterProblems, parameterFileProblems } from './checks/bicepParameters';
import type { SourceFile } from './checks/sourceFile';
import { bicepFiles, readRepoFile } from './infraFiles';

const MAIN = 'infra/main.bicep';
const EVENTGRID = 'infra/eventgrid.bicep';

function changed(files: SourceFile[], path: string, from: string, to: string): SourceFile[] {
  return files.map((file) => {
    if (file.path !== path) return file;
    if (!file.text.includes(from)) throw new Error(`mutation did not apply: ${from}`);
    return { ...file, text: file.text.replace(from, to) };
  });
}

describe('Bicep parameters line up (what the compiler would check)', () => {
  it('every module gets exactly its declared parameters, required ones included', () => {
    expect(moduleParameterProblems(bicepFiles())).toEqual([]);
  });

  it.each([
    ['a misspelt parameter', MAIN, 'dataPrincipalId: identity.outputs.principalId', 'dataPrincipalID: identity.outputs.principalId', /'dataPrincipalID' is not a parameter/],
    ['a required parameter left out', MAIN, '    taskHubName: taskHubName\n', '', /required parameter 'taskHubName' is not given/],
    ['a module path that does not exist', MAIN, "'modules/storage.bicep'", "'modules/storages.bicep'", /modules\/storages.bicep, which does not exist/],
  ])('catches %s', (_name, path, from, to, expected) => {
    const problems = moduleParameterProblems(changed(bicepFiles(), path, from, to));
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });

  it('the example parameter file sets only real parameters and every required one', () => {
    expect(parameterFileProblems(readRepoFile(MAIN), readRepoFile('infra/example.bicepparam'))).toEqual([]);
  });

  it('catches a parameter file with an unknown or a missing parameter', () => {
    const params = readRepoFile('infra/example.bicepparam');
    const [seeded] = changed([params], params.path, "param galleryName = 'contoso_images'", "param galleryNames = 'contoso_images'");
    if (seeded === undefined) throw new Error('no file');
    expect(parameterFileProblems(readRepoFile(MAIN), seeded)).toEqual([
      "infra/example.bicepparam: 'galleryNames' is not a parameter",
      "infra/example.bicepparam: required parameter 'galleryName' is not given",
    ]);
    expect(parameterFileProblems(readRepoFile(EVENTGRID), params)).toContain("infra/example.bicepparam: 'using' does not point at infra/eventgrid.bicep");
  });

  it('every module output a caller reads is declared by the module', () => {
    expect(moduleOutputProblems(bicepFiles())).toEqual([]);
  });

  it('catches a read of an output the module does not declare', () => {
    const files = changed(bicepFiles(), MAIN, 'storage.outputs.deploymentContainerUrl', 'storage.outputs.deploymentContainerUri');
    expect(moduleOutputProblems(files)).toEqual(['infra/main.bicep: storage.outputs.deploymentContainerUri is not an output of infra/modules/storage.bicep']);
  });

  it('sees reads through the non-null assertion of a conditional module', () => {
    const files = changed(bicepFiles(), MAIN, 'string = deployNotificationTopic ? notifyTopic!.outputs.endpoint', 'string = deployNotificationTopic ? notifyTopic!.outputs.url');
    expect(moduleOutputProblems(files)).toEqual(['infra/main.bicep: notifyTopic.outputs.url is not an output of infra/modules/notify-topic.bicep']);
  });
});
