import { describe, expect, it } from 'vitest';
import { aCatalog, linuxImage, removeAt, setAt, SUBSCRIPTION, type Doc } from './catalogBuilder';
import { problemsOf } from './catalogProblems';

type Case = [description: string, change: (doc: Doc) => Doc, path: string, message: RegExp];

const FILE_STEP = { name: 'conf', type: 'file', source: 'https://example.com/app.conf', sha256: 'c'.repeat(64), destination: '/etc/app.conf' };
const OTHER_SUBSCRIPTION = '00000000-0000-0000-0000-0000000000ff';

/** Each case breaks exactly one rule; the catalog must report exactly that path, with the rule and the value. */
const cases: Case[] = [
  ['replicas below range', (d) => setAt(d, 'images[0].targetRegions', [{ name: 'westeurope', replicas: 0 }]), 'images[0].targetRegions[0].replicas', /^must be 1\.\.100, got 0$/],
  ['replicas above range', (d) => setAt(d, 'defaults.targetRegions[0].replicas', 101), 'defaults.targetRegions[0].replicas', /^must be 1\.\.100, got 101$/],
  ['replicas not whole', (d) => setAt(d, 'defaults.targetRegions[0].replicas', 1.5), 'defaults.targetRegions[0].replicas', /^must be a whole number 1\.\.100, got 1\.5$/],
  ['replicas as text', (d) => setAt(d, 'defaults.targetRegions[0].replicas', 'two'), 'defaults.targetRegions[0].replicas', /whole number 1\.\.100, got "two"/],
  ['unknown storage type', (d) => setAt(d, 'defaults.targetRegions[1].storageAccountType', 'Standard_XRS'), 'defaults.targetRegions[1].storageAccountType', /^must be one of Standard_LRS, Standard_ZRS, Premium_LRS, PremiumV2_LRS, got "Standard_XRS"$/],
  ['typo in a key', (d) => setAt(d, 'defaults.targetRegions[1].replica', 3), 'defaults.targetRegions[1].replica', /^unknown key \(did you mean "replicas"\?\); allowed here: name, replicas, storageAccountType$/],
  ['unknown key in an image', (d) => setAt(d, 'images[1].retentoin', { keepLatest: 2 }), 'images[1].retentoin', /did you mean "retention"/],
  // Keys every object inherits are unknown keys like any other, not the inherited functions (a fast-check find).
  ['defaults.toString', (d) => setAt(d, 'defaults.toString', null), 'defaults.toString', /^unknown key/],
  ['defaults.constructor', (d) => setAt(d, 'defaults.constructor', { a: 1 }), 'defaults.constructor', /^unknown key/],
  ['defaults.hasOwnProperty', (d) => setAt(d, 'defaults.hasOwnProperty', 'x'), 'defaults.hasOwnProperty', /^unknown key/],
  ['zero target regions', (d) => setAt(d, 'defaults.targetRegions', []), 'defaults.targetRegions', /at least one region/],
  ['gallery region missing', (d) => setAt(d, 'images[0].targetRegions', [{ name: 'northeurope' }]), 'images[0].targetRegions', /must include the gallery region "westeurope".*got northeurope/],
  ['duplicate region after normalizing', (d) => setAt(d, 'defaults.targetRegions[1].name', 'West Europe'), 'defaults.targetRegions[1].name', /duplicate region "westeurope" \(also defaults\.targetRegions\[0\]\)/],
  ['bad region name', (d) => setAt(d, 'gallery.location', 'west_europe'), 'gallery.location', /must be an Azure region name.*got "west_europe"/],
  ['duplicate image name, other case', (d) => setAt(setAt(d, 'images[1]', linuxImage('Ubuntu-2204-Base', 'other')), 'policy.naming.imageDefinition', '[A-Za-z0-9-]+'), 'images[1].name', /duplicate image name "Ubuntu-2204-Base" \(also images\[0\]/],
  ['duplicate publisher/offer/sku', (d) => setAt(d, 'images[1]', linuxImage('ubuntu-2204-other')), 'images[1].definition', /duplicate publisher\/offer\/sku "contoso\/ubuntu\/22_04-lts-gen2"/],
  ['gallery name with a hyphen', (d) => setAt(d, 'policy.naming.gallery', '.*') && setAt(d, 'gallery.name', 'gal-test'), 'gallery.name', /may contain only letters, digits, underscores and periods.*azure\.gallery\.charset/],
  ['gallery name against the convention', (d) => setAt(d, 'gallery.name', 'images'), 'gallery.name', /does not match the naming convention.*convention\.gallery/],
  ['image name against Azure rules', (d) => setAt(d, 'policy.naming.imageDefinition', '.*') && setAt(d, 'images[0].name', '-ubuntu'), 'images[0].name', /must start and end with a letter or digit/],
  ['naming regex does not compile', (d) => setAt(d, 'policy.naming.version', '([0-9]+'), 'policy.naming.version', /^must be a valid regular expression \(.+\), got "\(\[0-9\]\+"$/],
  ['subnet in another subscription', (d) => setAt(d, 'staging.subnetId', `/subscriptions/${OTHER_SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s`), 'staging.subnetId', /must be in the gallery's subscription .*got subscription 00000000-0000-0000-0000-0000000000ff/],
  ['subnet ID malformed', (d) => setAt(d, 'staging.subnetId', 'snet-build'), 'staging.subnetId', /must be a subnet ID.*got "snet-build"/],
  ['scope not an ARM scope', (d) => setAt(d, 'scopes.usage[0]', `/subscriptions/${SUBSCRIPTION}/resourceGroups`), 'scopes.usage[0]', /must be an ARM scope ID/],
  ['no usage scope', (d) => setAt(d, 'scopes.usage', []), 'scopes.usage', /at least one scope/],
  ['shell step on Windows', (d) => setAt(d, 'images[1].customization[0].type', 'shell'), 'images[1].customization[0].type', /^"shell" runs on Linux only, but the image is Windows \(step "[^"]+"; use powershell\)$/],
  ['powershell step on a Linux image', (d) => setAt(d, 'images[0].customization[0].type', 'powershell'), 'images[0].customization[0].type', /runs on Windows only, but the image is Linux \(step "[^"]+"; use shell\)/],
  ['both inline and scriptUri', (d) => setAt(setAt(d, 'images[0].customization[0].scriptUri', 'https://example.com/a.sh'), 'images[0].customization[0].sha256', 'b'.repeat(64)), 'images[0].customization[0]', /^must have exactly one of inline \/ scriptUri, got both$/],
  ['scriptUri without sha256', (d) => removeAt(d, 'images[0].customization[1].sha256'), 'images[0].customization[1].sha256', /^required with scriptUri/],
  ['file step without destination', (d) => setAt(d, 'images[0].customization[1]', { ...FILE_STEP, destination: undefined }), 'images[0].customization[1].destination', /^required for file steps/],
  ['file step with an inline script', (d) => setAt(d, 'images[0].customization[1]', { ...FILE_STEP, inline: ['echo'] }), 'images[0].customization[1].inline', /^not for file steps/],
  ['file step with a relative destination', (d) => setAt(d, 'images[0].customization[1]', { ...FILE_STEP, destination: 'etc/app.conf' }), 'images[0].customization[1].destination', /^must be an absolute Linux file path .*got "etc\/app\.conf"$/],
  ['file step with a Linux path on Windows', (d) => setAt(d, 'images[1].customization[0]', FILE_STEP), 'images[1].customization[0].destination', /^must be an absolute Windows file path/],
  ['source on a shell step', (d) => setAt(d, 'images[0].customization[0].source', 'https://example.com/a.conf'), 'images[0].customization[0].source', /^only applies to file steps/],
  ['restart step with a script', (d) => setAt(d, 'images[0].customization[1]', { name: 'reboot', type: 'restart', inline: ['reboot'] }), 'images[0].customization[1].inline', /^not for restart steps/],
  ['restart step allowed to fail', (d) => setAt(d, 'images[1].customization[0]', { name: 'reboot', type: 'restart', continueOnError: true }), 'images[1].customization[0].continueOnError', /^not for restart steps/],
  ['windowsUpdate step on a Linux image', (d) => setAt(d, 'images[0].customization[1]', { name: 'os-updates', type: 'windowsUpdate' }), 'images[0].customization[1].type', /^"windowsUpdate" runs on Windows only, but the image is Linux \(step "os-updates"; use shell to update it\)$/],
  ['windowsUpdate step with a script', (d) => setAt(d, 'images[1].customization[0]', { name: 'patch', type: 'windowsUpdate', inline: ['Install-WindowsUpdate'] }), 'images[1].customization[0].inline', /^not for windowsUpdate steps/],
  ['updateLimit on a powershell step', (d) => setAt(d, 'images[1].customization[0].updateLimit', 5), 'images[1].customization[0].updateLimit', /^only applies to windowsUpdate steps \(not powershell\)$/],
  ['windowsUpdate filter with a malformed KB', (d) => setAt(d, 'images[1].customization[0]', { name: 'patch', type: 'windowsUpdate', filters: { excludeKbs: ['5031364'] } }), 'images[1].customization[0].filters.excludeKbs[0]', /must be a KB number such as KB5031364/],
  ['windowsUpdate filter key unknown', (d) => setAt(d, 'images[1].customization[0]', { name: 'patch', type: 'windowsUpdate', filters: { titles: ['x'] } }), 'images[1].customization[0].filters.titles', /^unknown key.*allowed here: categories, includeKbs, excludeKbs, excludeTitleContains$/],
  ['windowsUpdate maxRounds out of range', (d) => setAt(d, 'images[1].customization[0]', { name: 'patch', type: 'windowsUpdate', maxRounds: 0 }), 'images[1].customization[0].maxRounds', /1\.\.20|>= ?1|at least 1/],
  ['unknown step type', (d) => setAt(d, 'images[0].customization[0].type', 'ansible'), 'images[0].customization[0].type', /must be one of shell, powershell, file, restart, windowsUpdate, got "ansible"/],
  ['continueOnError not a boolean', (d) => setAt(d, 'images[0].customization[0].continueOnError', 'yes'), 'images[0].customization[0].continueOnError', /must be true or false, got string "yes"/],
  ['build size x64 for an Arm64 image', (d) => setAt(setAt(d, 'images[0].definition.architecture', 'Arm64'), 'images[0].build', { vmSize: 'Standard_D4s_v5' }), 'images[0].build.vmSize', /^Standard_D4s_v5 \(Dv5\/.*\) is x64, but the definition's architecture is Arm64$/],
  ['staging size x64 for an Arm64 image', (d) => setAt(d, 'images[0].definition.architecture', 'Arm64'), 'staging.vmSize', /is x64, but the definition's architecture is Arm64 \(image ubuntu-2204-base; set images\[0\]\.build\.vmSize\)/],
  ['default build size without trusted launch', (d) => setAt(setAt(d, 'images[0].definition.securityType', 'TrustedLaunch'), 'defaults.build', { vmSize: 'Standard_M8ms' }), 'defaults.build.vmSize', /Standard_M8ms \(M-series\) does not support trusted launch.*image ubuntu-2204-base/],
  ['confidential VM on a general-purpose size', (d) => setAt(d, 'images[1].definition.securityType', 'ConfidentialVM'), 'staging.vmSize', /cannot host a confidential VM.*image windows-2022-base/],
  ['build identity not an identity ID', (d) => setAt(d, 'images[0].build', { identity: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv` }), 'images[0].build.identity', /must be a user-assigned identity ID/],
  ['OS disk below 30 GiB', (d) => setAt(d, 'defaults.build', { osDiskSizeGb: 8 }), 'defaults.build.osDiskSizeGb', /^must be 30\.\.4095, got 8$/],
  ['reserved build tag', (d) => setAt(d, 'images[0].build', { tags: { 'autopilot-build': 'x' } }), 'images[0].build.tags.autopilot-build', /reserved for Image Autopilot/],
  ['neither inline nor scriptUri', (d) => removeAt(d, 'images[0].customization[0].inline'), 'images[0].customization[0]', /exactly one of inline \/ scriptUri, got neither/],
  ['sha256 not 64 hex', (d) => setAt(d, 'images[0].customization[1].sha256', 'abc'), 'images[0].customization[1].sha256', /must be 64 hex digits.*got "abc"/],
  ['sha256 on an inline step', (d) => setAt(d, 'images[0].customization[0].sha256', 'b'.repeat(64)), 'images[0].customization[0].sha256', /only applies to scriptUri/],
  ['scriptUri over http', (d) => setAt(d, 'images[0].customization[1].scriptUri', 'http://example.com/a.sh'), 'images[0].customization[1].scriptUri', /https URL/],
  ['step timeout too long', (d) => setAt(d, 'images[0].customization[0].timeoutSeconds', 100_000), 'images[0].customization[0].timeoutSeconds', /must be 60\.\.21600, got 100000/],
  ['major beyond int32', (d) => setAt(d, 'images[1].versioning.major', 2_147_483_648), 'images[1].versioning.major', /must be 0\.\.2147483647, got 2147483648/],
  ['unknown versioning scheme', (d) => setAt(d, 'images[1].versioning.scheme', 'datetime'), 'images[1].versioning.scheme', /must be one of semver, date, got "datetime"/],
  ['date scheme with its own overflowing format', (d) => setAt(d, 'images[1].versioning.format', 'YYYYMMDDHHmm'), 'images[1].versioning.format', /unknown key/],
  ['keepLatest zero', (d) => setAt(d, 'images[0].retention', { keepLatest: 0 }), 'images[0].retention.keepLatest', /^must be 1\.\.1000, got 0$/],
  ['maxDeleteShare zero', (d) => setAt(d, 'defaults.retention', { maxDeleteShare: 0 }), 'defaults.retention.maxDeleteShare', /must be in \(0, 1\].*got 0/],
  ['maxDeleteShare above one', (d) => setAt(d, 'defaults.retention', { maxDeleteShare: 1.5 }), 'defaults.retention.maxDeleteShare', /must be in \(0, 1\].*got 1\.5/],
  ['retention mode misspelt', (d) => setAt(d, 'images[0].retention', { mode: 'dry-run' }), 'images[0].retention.mode', /must be one of dryRun, apply, got "dry-run"/],
  ['maxAgeDays below minAgeDays after merge', (d) => setAt(setAt(d, 'defaults.retention', { minAgeDays: 30 }), 'images[0].retention', { maxAgeDays: 10 }), 'images[0].retention.maxAgeDays', /must be >= minAgeDays \(30\).*got 10/],
  ['rebuild maxAgeDays zero', (d) => setAt(d, 'images[0].rebuild', { maxAgeDays: 0 }), 'images[0].rebuild.maxAgeDays', /must be 1\.\.3650, got 0/],
  ['tag value too long', (d) => setAt(d, 'images[0].tags', { owner: 'x'.repeat(257) }), 'images[0].tags.owner', /at most 256 characters.*got 257/],
  ['tag value not a string', (d) => setAt(d, 'defaults.tags', { costCenter: 4711 }), 'defaults.tags.costCenter', /must be a string, got 4711 \(quote it in YAML\)/],
  ['reserved tag name', (d) => setAt(d, 'images[0].tags', { 'autopilot-retain': 'true' }), 'images[0].tags.autopilot-retain', /reserved for Image Autopilot/],
  ['tag names differing only in case', (d) => setAt(setAt(d, 'defaults.tags', { owner: 'a' }), 'images[0].tags', { Owner: 'b' }), 'images[0].tags.Owner', /duplicates tag "owner" \(tag names are case-insensitive/],
  ['base image is the image itself', (d) => setAt(d, 'images[0].baseImage', { type: 'gallery', imageId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/RG-IMAGES/providers/Microsoft.Compute/galleries/gal_test/images/Ubuntu-2204-Base` }), 'images[0].baseImage.imageId', /must not be the image's own definition/],
  ['osType nowhere', (d) => removeAt(d, 'images[0].definition.osType'), 'images[0].definition.osType', /^required \(.*\); set it on the image or under defaults$/],
  ['marketplace version malformed', (d) => setAt(d, 'images[0].baseImage.version', 'v1'), 'images[0].baseImage.version', /"latest" or an exact version/],
  ['unknown base image type', (d) => setAt(d, 'images[0].baseImage.type', 'vhd'), 'images[0].baseImage.type', /must be one of marketplace, gallery, got "vhd"/],
  ['gallery base image ID malformed', (d) => setAt(d, 'images[0].baseImage', { type: 'gallery', imageId: '/subscriptions/x/images/y' }), 'images[0].baseImage.imageId', /must be a gallery image ID/],
  ['subscription ID not a GUID', (d) => setAt(d, 'gallery.subscriptionId', 'my-sub'), 'gallery.subscriptionId', /must be a GUID.*got "my-sub"/],
  ['duplicate allowed principal', (d) => setAt(d, 'policy.leastPrivilege.allowedPrincipals', [1, 2].map(() => ({ principalId: '11111111-1111-1111-1111-111111111111', reason: 'audit' }))), 'policy.leastPrivilege.allowedPrincipals[1].principalId', /duplicate principal/],
  ['allowed principal without a reason', (d) => setAt(d, 'policy.leastPrivilege.allowedPrincipals', [{ principalId: '11111111-1111-1111-1111-111111111111' }]), 'policy.leastPrivilege.allowedPrincipals[0].reason', /^required/],
  ['enforce misspelt', (d) => setAt(d, 'policy.enforce', 'blocking'), 'policy.enforce', /must be one of report, block, got "blocking"/],
  ['no images', (d) => setAt(d, 'images', []), 'images', /at least one image/],
  ['staging missing', (d) => removeAt(d, 'staging'), 'staging', /^required \(a mapping\)$/],
];

describe('loadCatalog rejects bad input with the exact path and rule', () => {
  it.each(cases)('%s', (_description, change, path, message) => {
    const problems = problemsOf(change(aCatalog()));
    expect(problems.map((p) => p.path)).toEqual(problems.map(() => path));
    expect(problems.map((p) => p.message)).toContainEqual(expect.stringMatching(message));
  });
});
