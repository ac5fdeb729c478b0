import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVmId, parseResourceId } from '../../../../shared/ports/resourceId';
import { CAPTURE_RG, SUBSCRIPTION, vmIdOf } from '../../../support/builders';

describe('checkVmId', () => {
  it.each([
    ['the canonical form', vmIdOf('vm-golden')],
    ['lower-case resourcegroups and provider', vmIdOf('vm-golden').replace('resourceGroups', 'resourcegroups').replace('Microsoft.Compute/virtualMachines', 'microsoft.compute/virtualmachines')],
    ['a Unicode resource group', vmIdOf('vm-1', 'équipe_(web)')],
  ])('accepts %s', (_case, id) => {
    const checked = checkVmId(id);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.id.subscriptionId).toBe(SUBSCRIPTION);
  });

  it.each([
    ['not an ID', 'vm-golden', 'shape'],
    ['a disk', vmIdOf('d').replace('virtualMachines', 'disks'), 'shape'],
    ['a VM child resource', `${vmIdOf('vm')}/extensions/x`, 'shape'],
    ['a trailing slash', `${vmIdOf('vm')}/`, 'shape'],
    ['a huge ID', vmIdOf('v'.repeat(2000)), 'shape'],
    ['a VM named .', vmIdOf('.'), 'name'],
    ['a VM named ..', vmIdOf('..'), 'name'],
    ['a NUL', vmIdOf('vm\u0000'), 'name'],
    ['a ?', vmIdOf('vm?api-version=1'), 'name'],
    ['a #', vmIdOf('vm#x'), 'name'],
    ['a lone surrogate', vmIdOf('vm\udfff'), 'name'],
    ['a newline', vmIdOf('vm\nx'), 'name'],
    ['a resource group ..', vmIdOf('vm', '..'), 'name'],
    ['a subscription that is no GUID', vmIdOf('vm', CAPTURE_RG, 'sub'), 'name'],
  ] as const)('refuses %s (%s)', (_case, id, problem) => {
    expect(checkVmId(id)).toMatchObject({ ok: false, problem });
  });

  it('names every broken segment with its rule', () => {
    const checked = checkVmId(vmIdOf('..', 'rg.', 'sub'));
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.violations.map((v) => v.rule)).toEqual(['azure.subscription.format', 'azure.resourceGroup.edges', 'azure.virtualMachine.edges']);
      expect(checked.message).toMatch(/azure\.virtualMachine\.edges/);
    }
  });

  it('property: whatever it accepts is a VM ID whose name is safe in a request path', () => {
    const segment = fc.oneof(fc.stringMatching(/^[A-Za-z0-9._-]{1,8}$/), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('.', '..', '?', '#', '%2e', 'a/b'));
    fc.assert(
      fc.property(segment, segment, (group, name) => {
        const checked = checkVmId(vmIdOf(name, group));
        if (!checked.ok) return;
        expect(checked.id.name).toBe(name);
        expect(() => parseResourceId(vmIdOf(name, group))).not.toThrow();
        expect(encodeURIComponent(name)).toBe(name);
      }),
    );
  });
});

describe('parseResourceId', () => {
  it.each([vmIdOf('.'), vmIdOf('..'), vmIdOf('a?b'), vmIdOf('a#b'), vmIdOf('a%2e'), vmIdOf('a\nb'), vmIdOf('a\ud800'), vmIdOf('vm', '..')])('refuses %j: it would be another request', (id) => {
    expect(() => parseResourceId(id)).toThrow(/^BAD_REQUEST: resource ID has a segment no request path may carry/);
  });
});
