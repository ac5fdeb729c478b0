import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureEligibility, type CaptureRequest } from '../../../../shared/domain/captureEligibility';
import type { VmView } from '../../../../shared/ports/computePort';
import { aDefinition, aVm, SUBSCRIPTION, vmIdOf } from '../../../support/builders';

const scope = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-capture`;

function input(overrides: Partial<CaptureRequest> = {}): CaptureRequest {
  const vm = aVm();
  return { vmId: vm.id, vm, definition: aDefinition(), image: 'ubuntu-web', captureScopes: [scope], ...overrides };
}

describe('captureEligibility', () => {
  it.each([
    ['missing VM', input({ vm: null }), /does not exist/],
    ['outside the capture scopes', input({ vm: aVm({ id: vmIdOf('vm-golden', 'rg-other') }) }), /outside the catalog's capture scopes/],
    ['tagged for another image', input({ vm: aVm({ tags: { 'autopilot-capture-to': 'win-base' } }) }), /tagged autopilot-capture-to=win-base/],
    ['wrong OS type', input({ vm: aVm({ osType: 'Windows' }) }), /runs Windows but image ubuntu-web is Linux/],
    ['not generalized', input({ vm: aVm({ osState: null }) }), /is not generalized/],
    ['generalized for a specialized definition', input({ definition: aDefinition({ osState: 'Specialized' }) }), /is generalized but image/],
    ['still running', input({ vm: aVm({ powerState: 'running' }) }), /is running; stop it/],
    [
      'outside the gallery region, even while running',
      input({ vm: aVm({ location: 'North Europe', powerState: 'running' }), galleryLocation: 'westeurope' }),
      /is in northeurope, but versions can only be captured from the gallery's region westeurope/,
    ],
  ])('rejects a VM that is %s', (_case, request, reason) => {
    const decision = captureEligibility(request);
    expect(decision.accept).toBe(false);
    if (!decision.accept) expect(decision.reason).toMatch(reason);
  });

  it.each([
    ['stopped', aVm({ powerState: 'stopped' }), { needsDeallocate: true, deleteAfterCapture: false }],
    ['deallocated', aVm({ powerState: 'deallocated' }), { needsDeallocate: false, deleteAfterCapture: false }],
    [
      'tagged for deletion',
      aVm({ powerState: 'deallocated', tags: { 'autopilot-capture-to': 'UBUNTU-WEB', 'autopilot-delete-after-capture': 'True' } }),
      { needsDeallocate: false, deleteAfterCapture: true },
    ],
    ['in a subscription scope', aVm({ id: vmIdOf('vm-golden', 'rg-elsewhere') }), { needsDeallocate: true, deleteAfterCapture: false }],
    ['untagged (the image was named explicitly)', aVm({ tags: {} }), { needsDeallocate: true, deleteAfterCapture: false }],
  ])('accepts a %s VM', (_case, vm, expected) => {
    const request = input({ vm, captureScopes: [scope, ...(_case === 'in a subscription scope' ? [`/subscriptions/${SUBSCRIPTION}`] : [])] });
    expect(captureEligibility(request)).toEqual({ accept: true, ...expected });
  });

  it('accepts a VM in the gallery region however either spells it', () => {
    expect(captureEligibility(input({ vm: aVm({ location: 'West Europe' }), galleryLocation: 'westeurope' })).accept).toBe(true);
  });

  it('accepts a stopped specialized VM for a specialized definition', () => {
    const decision = captureEligibility(input({ vm: aVm({ osState: 'Specialized' }), definition: aDefinition({ osState: 'Specialized' }) }));
    expect(decision.accept).toBe(true);
  });
});

describe('captureEligibility properties', () => {
  const vmArb = fc.record({
    resourceGroup: fc.constantFrom('rg-capture', 'rg-other'),
    tag: fc.option(fc.constantFrom('ubuntu-web', 'UBUNTU-WEB', 'win-base'), { nil: undefined }),
    osType: fc.constantFrom<'Linux' | 'Windows' | null>('Linux', 'Windows', null),
    osState: fc.constantFrom<'Generalized' | 'Specialized' | null>('Generalized', 'Specialized', null),
    powerState: fc.constantFrom<VmView['powerState']>('running', 'stopped', 'deallocated', 'deallocating', 'unknown'),
    deleteTag: fc.option(fc.constantFrom('true', 'TRUE', 'false', 'yes'), { nil: undefined }),
  });

  it('accepts exactly the in-scope, untagged or tagged-for-this-image, matching, stopped VMs', () => {
    fc.assert(
      fc.property(vmArb, fc.constantFrom<'Generalized' | 'Specialized'>('Generalized', 'Specialized'), (v, definitionState) => {
        const tags: Record<string, string> = {};
        if (v.tag !== undefined) tags['autopilot-capture-to'] = v.tag;
        if (v.deleteTag !== undefined) tags['autopilot-delete-after-capture'] = v.deleteTag;
        const vm = aVm({ id: vmIdOf('vm-p', v.resourceGroup), osType: v.osType, osState: v.osState, powerState: v.powerState, tags });
        const decision = captureEligibility(input({ vm, definition: aDefinition({ osState: definitionState }) }));
        const eligible =
          v.resourceGroup === 'rg-capture' &&
          (v.tag === undefined || v.tag.toLowerCase() === 'ubuntu-web') &&
          v.osType !== 'Windows' &&
          (definitionState === 'Generalized' ? v.osState === 'Generalized' : v.osState !== 'Generalized') &&
          (v.powerState === 'stopped' || v.powerState === 'deallocated');
        expect(decision.accept).toBe(eligible);
        if (decision.accept) {
          expect(decision.needsDeallocate).toBe(v.powerState !== 'deallocated');
          expect(decision.deleteAfterCapture).toBe(v.deleteTag?.toLowerCase() === 'true');
        } else {
          expect(decision.reason.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
