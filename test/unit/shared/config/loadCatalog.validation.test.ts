import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../shared/config';
import { aCatalog, setAt, SUBSCRIPTION, toYaml, type Doc } from './catalogBuilder';
import { problemsOf } from './catalogProblems';

const subnet = (subscription: string, region: string) =>
  `/subscriptions/${subscription}/resourceGroups/rg-image-staging/providers/Microsoft.Network/virtualNetworks/vnet-${region}/subnets/snet-test`;
const check = { name: 'boots', type: 'shell', inline: ['systemctl is-system-running --wait'] };
const withValidation = (validation: Doc) => setAt(aCatalog(), 'images[0].validation', validation);

type Case = [description: string, validation: Doc, path: string, message: RegExp];

/** Each case breaks one rule of `validation:`; the catalog reports exactly that path with the rule and the value. */
const cases: Case[] = [
  ['region outside the target regions', { regions: ['eastus'], steps: [check] }, 'images[0].validation.regions[0]', /"eastus" is not one of the image's target regions \(westeurope, northeurope\)/],
  ['second region without a subnet', { regions: ['westeurope', 'northeurope'], steps: [check] }, 'images[0].validation.subnets', /must name a subnet in "northeurope"/],
  ['subnet for a region not validated', { subnets: { northeurope: subnet(SUBSCRIPTION, 'ne') }, steps: [check] }, 'images[0].validation.subnets.northeurope', /"northeurope" is not a validation region \(westeurope\)/],
  ['subnet in another subscription', { regions: ['westeurope', 'northeurope'], subnets: { northeurope: subnet('00000000-0000-0000-0000-0000000000ff', 'ne') }, steps: [check] }, 'images[0].validation.subnets.northeurope', /must be in the gallery's subscription/],
  ['duplicate region', { regions: ['westeurope', 'westeurope'], steps: [check] }, 'images[0].validation.regions[1]', /duplicate region "westeurope"/],
  ['no steps', { steps: [] }, 'images[0].validation.steps', /at least one step/],
  ['step of the wrong OS', { steps: [{ ...check, type: 'powershell' }] }, 'images[0].validation.steps[0].type', /runs on Windows only, but the image is Linux/],
  ['duplicate step names', { steps: [check, check] }, 'images[0].validation.steps[1].name', /duplicate step name "boots"/],
  ['step with neither inline nor scriptUri', { steps: [{ name: 'x', type: 'shell' }] }, 'images[0].validation.steps[0]', /exactly one of inline \/ scriptUri, got neither/],
  ['timeout too short', { steps: [check], timeoutMinutes: 1 }, 'images[0].validation.timeoutMinutes', /must be 5\.\.720, got 1/],
  ['approval misspelt', { steps: [check], approval: 'yes' }, 'images[0].validation.approval', /must be one of required, none, got "yes"/],
  ['approval timeout beyond a month', { steps: [check], approvalTimeoutHours: 1000 }, 'images[0].validation.approvalTimeoutHours', /must be 1\.\.720, got 1000/],
  ['unknown key', { steps: [check], region: ['westeurope'] }, 'images[0].validation.region', /unknown key \(did you mean "regions"\?\)/],
  ['bad VM size', { steps: [check], vmSize: 'large' }, 'images[0].validation.vmSize', /must be a VM size/],
  ['Arm64 test VM size for an x64 image', { steps: [check], vmSize: 'Standard_D4ps_v5' }, 'images[0].validation.vmSize', /^Standard_D4ps_v5 \(.*\) is Arm64, but the definition's architecture is x64$/],
  ['file step with a relative destination', { steps: [{ name: 'conf', type: 'file', source: 'https://example.com/a.conf', sha256: 'b'.repeat(64), destination: 'etc/a.conf' }] }, 'images[0].validation.steps[0].destination', /^must be an absolute Linux file path/],
  ['restart step with a script', { steps: [{ name: 'reboot', type: 'restart', inline: ['reboot'] }] }, 'images[0].validation.steps[0].inline', /^not for restart steps/],
];

describe('validation: in the catalog', () => {
  it('rejects validation on a Specialized image', () => {
    const problems = problemsOf(setAt(withValidation({ steps: [check] }), 'images[0].definition.osState', 'Specialized'));
    expect(problems).toEqual([expect.objectContaining({ path: 'images[0].validation', message: expect.stringMatching(/needs a Generalized image/) })]);
  });

  it.each(cases)('rejects %s with the exact path and rule', (_description, validation, path, message) => {
    const problems = problemsOf(withValidation(validation));
    expect(problems.map((p) => p.path)).toEqual(problems.map(() => path));
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringMatching(message));
  });

  it('fills the defaults: gallery region (regions absent), step timeouts from customizationTimeoutSeconds, approval none within 72 hours', () => {
    const doc = setAt(withValidation({ steps: [check] }), 'defaults.customizationTimeoutSeconds', 600);
    const image = loadCatalog(toYaml(doc)).images[0];
    expect(image?.validation).toEqual({ subnets: {}, steps: [{ ...check, timeoutSeconds: 600 }], timeoutMinutes: 60, approval: 'none', approvalTimeoutHours: 72 });
  });

  it('accepts two regions when the second names its subnet', () => {
    const doc = withValidation({ regions: ['westeurope', 'northeurope'], subnets: { northeurope: subnet(SUBSCRIPTION, 'ne') }, steps: [check], approval: 'required' });
    expect(loadCatalog(toYaml(doc)).images[0]?.validation).toMatchObject({ regions: ['westeurope', 'northeurope'], approval: 'required' });
  });

  it('accepts file and restart steps, which run on the test VM as on the build VM', () => {
    const steps = [{ name: 'conf', type: 'file', source: 'https://example.com/a.conf', sha256: 'b'.repeat(64), destination: '/etc/a.conf' }, { name: 'reboot', type: 'restart' }, check];
    expect(loadCatalog(toYaml(withValidation({ steps }))).images[0]?.validation?.steps.map((s) => s.type)).toEqual(['file', 'restart', 'shell']);
  });

  it('leaves an image without validation without it', () => {
    expect(loadCatalog(toYaml(aCatalog())).images[0]?.validation).toBeUndefined();
  });
});
