import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { APP_ROLE_FILE_TARGETS } from '../../../shared/domain/policy/appRoles';
import { grantsAction } from '../../../shared/domain/policy/grantsAction';
import { assignTargetsHandled, loadJsonReferences, roleFilesReferenced, type RoleTarget } from './checks/roleReferences';
import type { SourceFile } from './checks/sourceFile';
import { bicepFiles, listRepoFiles, readJson, readRepoFile, ROLES_DIR } from './infraFiles';

const LINKED_ACTIONS = `${ROLES_DIR}/linked-actions.json`;
const SUBNET_JOIN_ROLE = 'infra/subnet-join-role.json';
const MAIN = 'infra/main.bicep';

const roleFilePaths = () => listRepoFiles(ROLES_DIR, ['.json']).filter((path) => path !== LINKED_ACTIONS);

const roleTargetFile = z.object({ assignTo: z.string() });
const linkedActionsFile = z.object({ actions: z.array(z.object({ action: z.string(), grantedBy: z.string() })) });
const permissionsFile = z.object({
  permissions: z.array(z.object({ actions: z.array(z.string()), notActions: z.array(z.string()), dataActions: z.array(z.string()), notDataActions: z.array(z.string()) })),
});

function roleTargets(): RoleTarget[] {
  return roleFilePaths().map((path) => ({ path, assignTo: roleTargetFile.parse(readJson(path)).assignTo }));
}

/** The Bicep files with main.bicep's text changed. */
function withMain(change: (text: string) => string): SourceFile[] {
  return bicepFiles().map((file) => (file.path === MAIN ? { ...file, text: change(file.text) } : file));
}

function mustReplace(text: string, from: string | RegExp, to: string): string {
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`mutation did not apply: ${String(from)}`);
  return changed;
}

describe('custom roles: every infra/roles file reaches Azure at its target', () => {
  it('finds the seven role files next to linked-actions.json', () => {
    expect(roleFilePaths()).toHaveLength(7);
  });

  it('every role file is loaded by Bicep, and Bicep loads no missing role file', () => {
    expect(roleFilesReferenced(roleFilePaths(), bicepFiles(), ROLES_DIR)).toEqual([]);
  });

  it('catches a role file nobody loads', () => {
    const files = withMain((text) => mustReplace(text, /^\s*loadJsonContent\('roles\/usage-reader\.json'\)\n/m, ''));
    expect(roleFilesReferenced(roleFilePaths(), files, ROLES_DIR)).toEqual(['infra/roles/usage-reader.json is not loaded by any Bicep file']);
  });

  it('catches Bicep loading a role file that does not exist', () => {
    const files = withMain((text) => mustReplace(text, "loadJsonContent('roles/usage-reader.json')", "loadJsonContent('roles/usage-reader.json')\n  loadJsonContent('roles/ghost.json')"));
    expect(roleFilesReferenced(roleFilePaths(), files, ROLES_DIR)).toEqual(['infra/main.bicep loads infra/roles/ghost.json, which is not a role file']);
  });

  it('main.bicep maps and assigns exactly the targets the domain knows, and every role names one of them', () => {
    expect(assignTargetsHandled(roleTargets(), readRepoFile(MAIN), APP_ROLE_FILE_TARGETS)).toEqual([]);
  });

  it.each([
    ['a target without scopes', (t: string) => mustReplace(t, /^\s*usageScopes: uniqueUsageScopes\n/m, ''), /scopesByTarget misses 'usageScopes'/],
    ['a target never assigned', (t: string) => mustReplace(t, "role.assignTo == 'subscription'", "role.assignTo == 'subscriptions'"), /assignments .* misses 'subscription'/],
  ])('catches %s', (_name, change, expected) => {
    const problems = assignTargetsHandled(roleTargets(), { path: MAIN, text: change(readRepoFile(MAIN).text) }, APP_ROLE_FILE_TARGETS);
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });

  it('catches a role file naming a target Bicep does not know', () => {
    const roles = [...roleTargets(), { path: 'infra/roles/extra.json', assignTo: 'managementGroup' }];
    expect(assignTargetsHandled(roles, readRepoFile(MAIN), APP_ROLE_FILE_TARGETS)).toEqual([
      "infra/roles/extra.json: assignTo 'managementGroup' is not one of gallery, stagingResourceGroup, captureScopes, usageScopes, subscription, otherSubscriptions",
    ]);
  });
});

describe('linked actions are granted by roles Bicep deploys', () => {
  const grantedByPath = (grantedBy: string) => (grantedBy.startsWith('infra/') ? grantedBy : `${ROLES_DIR}/${grantedBy}.json`);

  it('every grantedBy of linked-actions.json is a role file some Bicep file loads', () => {
    const grantedBy = linkedActionsFile.parse(readJson(LINKED_ACTIONS)).actions.map((a) => a.grantedBy);
    expect(grantedBy.length).toBeGreaterThan(0);
    const loaded = new Set(loadJsonReferences(bicepFiles()).map((r) => r.target));
    expect(grantedBy.map(grantedByPath).filter((path) => !loaded.has(path))).toEqual([]);
  });

  it('the subnet join role grants the join on the subnet and nothing else', () => {
    const role = permissionsFile.parse(readJson(SUBNET_JOIN_ROLE));
    expect(grantsAction(role.permissions, 'Microsoft.Network/virtualNetworks/subnets/join/action')).toBe(true);
    expect(role.permissions.flatMap((p) => [...p.actions, ...p.dataActions])).toEqual(['Microsoft.Network/virtualNetworks/subnets/join/action']);
  });
});
