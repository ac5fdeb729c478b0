import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grantsAction } from '../../../../../shared/domain/policy/grantsAction';
import { PROVIDER_ACTION, parseAppRoleDefinition } from '../../../../../shared/domain/policy/parseAppRoleDefinition';

const ROLES_DIR = join(__dirname, '../../../../../infra/roles');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(ROLES_DIR, file), 'utf8'));

const EXPECTED_TARGETS: Record<string, string> = {
  'image-publisher.json': 'gallery',
  'build-operator.json': 'stagingResourceGroup',
  'capture-operator.json': 'captureScopes',
  'usage-reader.json': 'usageScopes',
  'subscription-reader.json': 'subscription',
  'policy-reader.json': 'otherSubscriptions',
  'gallery-sharing.json': 'gallery',
};

describe('infra/roles (read by Bicep loadJsonContent and by the policy scan)', () => {
  it('holds exactly the seven role files and linked-actions.json', () => {
    expect(readdirSync(ROLES_DIR).sort()).toEqual([...Object.keys(EXPECTED_TARGETS), 'linked-actions.json'].sort());
  });

  it.each(Object.entries(EXPECTED_TARGETS))('%s is a valid role assigned to %s, without wildcards', (file, target) => {
    const parsed = parseAppRoleDefinition(readJson(file));
    expect(parsed.problems).toEqual([]);
    expect(parsed.ok && parsed.value.assignTo).toBe(target);
    expect(readFileSync(join(ROLES_DIR, file), 'utf8')).not.toContain('*');
  });

  it('role names are unique', () => {
    const names = Object.keys(EXPECTED_TARGETS).map((file) => {
      const parsed = parseAppRoleDefinition(readJson(file));
      return parsed.ok ? parsed.value.roleName : file;
    });
    expect(new Set(names).size).toBe(names.length);
  });

  it('every linked action has a reason and is granted by the role it names', () => {
    const linked = readJson('linked-actions.json') as { actions: { action: string; grantedBy: string; reason: string }[] };
    expect(linked.actions.length).toBeGreaterThan(0);
    for (const entry of linked.actions) {
      expect(entry.action).toMatch(PROVIDER_ACTION);
      expect(entry.reason.length).toBeGreaterThan(20);
      const file = entry.grantedBy.startsWith('infra/') ? join(ROLES_DIR, '..', entry.grantedBy.slice('infra/'.length)) : join(ROLES_DIR, `${entry.grantedBy}.json`);
      const role = JSON.parse(readFileSync(file, 'utf8')) as { permissions: { actions: string[]; notActions: string[] }[] };
      expect(grantsAction(role.permissions, entry.action), `${entry.action} granted by ${entry.grantedBy}`).toBe(true);
    }
  });
});

describe('parseAppRoleDefinition', () => {
  const valid = () => ({
    roleName: 'R',
    description: 'd',
    assignTo: 'gallery',
    permissions: [{ actions: ['Microsoft.Compute/galleries/read'], notActions: [], dataActions: [], notDataActions: [] }],
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', [], /JSON object/],
    ['unknown assignTo', { ...valid(), assignTo: 'tenant' }, /^assignTo: must be one of gallery, stagingResourceGroup/],
    ['missing roleName', { ...valid(), roleName: '' }, /^roleName: /],
    ['unknown field', { ...valid(), assignableScopes: ['/'] }, /^assignableScopes: unknown field/],
    ['empty permissions', { ...valid(), permissions: [] }, /^permissions: must be a non-empty array/],
    ['wildcard action', { ...valid(), permissions: [{ ...valid().permissions[0], actions: ['Microsoft.Compute/*'] }] }, /permissions\[0\]\.actions\[0\]: 'Microsoft.Compute\/\*' has a wildcard/],
    ['wildcard notAction', { ...valid(), permissions: [{ ...valid().permissions[0], notActions: ['*/delete'] }] }, /permissions\[0\]\.notActions\[0\]: .* wildcard/],
    ['not a provider action', { ...valid(), permissions: [{ ...valid().permissions[0], actions: ['galleries/read'] }] }, /not a provider action/],
    ['unknown verb', { ...valid(), permissions: [{ ...valid().permissions[0], actions: ['Microsoft.Compute/galleries/list'] }] }, /not a provider action/],
    ['actions missing', { ...valid(), permissions: [{ notActions: [], dataActions: [], notDataActions: [] }] }, /permissions\[0\]\.actions: must be an array of strings/],
  ])('%s → %s', (_name, raw, message) => {
    const parsed = parseAppRoleDefinition(raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.problems.some((problem) => message.test(problem))).toBe(true);
  });

  it('accepts the valid builder and rejects any action with a * in it', () => {
    expect(parseAppRoleDefinition(valid()).ok).toBe(true);
    fc.assert(
      fc.property(fc.string(), fc.string(), (before, after) => {
        const raw = { ...valid(), permissions: [{ ...valid().permissions[0], actions: [`${before}*${after}`] }] };
        return !parseAppRoleDefinition(raw).ok;
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.anything(), (raw) => { parseAppRoleDefinition(raw); }));
  });
});
