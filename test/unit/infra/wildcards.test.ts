import { describe, expect, it } from 'vitest';
import { wildcardActionsInBicep, wildcardActionsInJson } from './checks/wildcardActions';
import { listRepoFiles, readJson, readRepoFile } from './infraFiles';

const roleBuilder = (actions: string[], notActions: string[] = []) => ({
  roleName: 'R',
  description: 'Broader than galleries/* would be',
  assignTo: 'gallery',
  permissions: [{ actions, notActions, dataActions: [], notDataActions: [] }],
});

describe('no wildcard action anywhere in infra', () => {
  it('no JSON under infra grants or excludes a wildcard action', () => {
    const files = listRepoFiles('infra', ['.json']);
    expect(files.length).toBeGreaterThanOrEqual(7);
    expect(files.flatMap((path) => wildcardActionsInJson(path, readJson(path)))).toEqual([]);
  });

  it('no Bicep or parameter file carries a wildcard operation literal', () => {
    const files = listRepoFiles('infra', ['.bicep', '.bicepparam']);
    expect(files.flatMap((path) => wildcardActionsInBicep(readRepoFile(path)))).toEqual([]);
  });

  it.each([
    ['an action', roleBuilder(['Microsoft.Compute/galleries/*']), 'permissions[0].actions[0]'],
    ['a notAction', roleBuilder(['Microsoft.Compute/galleries/read'], ['*/delete']), 'permissions[0].notActions[0]'],
    ['a linked action', { actions: [{ action: 'Microsoft.Network/*/join/action', reason: 'r' }] }, 'actions[0].action'],
  ])('catches a wildcard in %s', (_name, json, at) => {
    expect(wildcardActionsInJson('x.json', json)).toEqual([expect.stringContaining(`x.json: ${at} = `)]);
  });

  it('leaves a * in prose alone', () => {
    expect(wildcardActionsInJson('x.json', roleBuilder(['Microsoft.Compute/galleries/read']))).toEqual([]);
  });

  it('catches a wildcard operation in Bicep but not a schedule', () => {
    const text = "var a = ['Microsoft.Network/*']\nvar b = '*'\nparam s string = '0 0 2 * * *'\n// 'Microsoft.Compute/*' in a comment\n";
    expect(wildcardActionsInBicep({ path: 'x.bicep', text })).toEqual(["x.bicep: 'Microsoft.Network/*' is a wildcard action", "x.bicep: '*' is a wildcard action"]);
  });
});
