import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NAMING_CONVENTION, checkAzureName, checkName, type AzureNameKind, type ResourceKind } from '../../../../shared/domain/names';

const rules = (kind: ResourceKind, name: string, convention?: string) => checkName(kind, name, convention).map((v) => v.rule);

describe('checkName: Azure rules', () => {
  it.each([
    ['gallery', 'gal_web', []],
    ['gallery', 'Gallery.v2_prod9', []],
    ['gallery', 'a', []],
    ['gallery', 'g'.repeat(80), []],
    ['gallery', 'g'.repeat(81), ['azure.gallery.length']],
    ['gallery', '', ['azure.gallery.length']],
    ['gallery', 'gal-web', ['azure.gallery.charset']],
    ['gallery', 'gal web', ['azure.gallery.charset']],
    ['gallery', '_gal', ['azure.gallery.edges']],
    ['gallery', 'gal.', ['azure.gallery.edges']],
    ['gallery', '-gal-', ['azure.gallery.charset', 'azure.gallery.edges']],
    ['gallery', 'galé', ['azure.gallery.charset', 'azure.gallery.edges']],
    ['imageDefinition', 'ubuntu-2204-web', []],
    ['imageDefinition', 'Win_2022.core-gen2', []],
    ['imageDefinition', 'i'.repeat(80), []],
    ['imageDefinition', 'i'.repeat(81), ['azure.imageDefinition.length']],
    ['imageDefinition', '', ['azure.imageDefinition.length']],
    ['imageDefinition', 'web/app', ['azure.imageDefinition.charset']],
    ['imageDefinition', '-web', ['azure.imageDefinition.edges']],
    ['imageDefinition', 'web_', ['azure.imageDefinition.edges']],
    ['version', '1.0.0', []],
    ['version', '2147483647.0.1', []],
    ['version', '1.0', ['azure.version.format']],
    ['version', 'v1.0.0', ['azure.version.format']],
    ['version', '1.0.0-beta', ['azure.version.format']],
    ['version', '1.202611251200.1', ['azure.version.int32']],
  ] as const)('%s %j → %j', (kind, name, expected) => {
    expect(rules(kind, name)).toEqual(expected);
  });

  it('names the offending name, kind and rule in every violation', () => {
    const [v] = checkName('gallery', 'gal-web');
    expect(v).toEqual({ kind: 'gallery', name: 'gal-web', rule: 'azure.gallery.charset', message: expect.stringContaining('"-"') });
    expect(v?.message).toContain('gal-web');
  });
});

describe('checkName: convention', () => {
  it.each([
    ['gallery', 'gal_web_prod', []],
    ['gallery', 'gal_web_', ['azure.gallery.edges', 'convention.gallery']],
    ['gallery', 'web', ['convention.gallery']],
    ['gallery', 'GAL_WEB', ['convention.gallery']],
    ['imageDefinition', 'ubuntu-2204-web', []],
    ['imageDefinition', 'Ubuntu', ['convention.imageDefinition']],
    ['imageDefinition', 'web--app', ['convention.imageDefinition']],
    ['version', '1.20261125.1', []],
  ] as const)('default convention: %s %j → %j', (kind, name, expected) => {
    expect(rules(kind, name, DEFAULT_NAMING_CONVENTION[kind])).toEqual(expected);
  });

  it('anchors the convention so a substring match does not pass', () => {
    expect(rules('gallery', 'xgal_web', 'gal_[a-z]+')).toEqual(['convention.gallery']);
    expect(rules('gallery', 'gal_web1', 'gal_[a-z]+')).toEqual(['convention.gallery']);
    // An alternation must not escape the anchors.
    expect(rules('gallery', 'zzz_b', 'a|b')).toEqual(['convention.gallery']);
  });

  it.each(['(', '[a-z', '*', 'a{2,1}'])('reports the invalid convention %j instead of throwing', (convention) => {
    const violations = checkName('imageDefinition', 'web', convention);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ rule: 'convention.invalid-regex', kind: 'imageDefinition', name: 'web' });
    expect(violations[0]?.message).toContain(convention);
  });

  it('every name matching a default convention also satisfies Azure', () => {
    fc.assert(fc.property(fc.stringMatching(/^gal_[a-z0-9]{1,10}(?:_[a-z0-9]{1,10}){0,3}$/), (name) => {
      expect(rules('gallery', name, DEFAULT_NAMING_CONVENTION.gallery)).toEqual([]);
    }));
    fc.assert(fc.property(fc.stringMatching(/^[a-z][a-z0-9]{0,10}(?:-[a-z0-9]{1,10}){0,4}$/), (name) => {
      expect(rules('imageDefinition', name, DEFAULT_NAMING_CONVENTION.imageDefinition)).toEqual([]);
    }));
  });
});

describe('checkName properties', () => {
  const kindArb = fc.constantFrom<ResourceKind>('gallery', 'imageDefinition', 'version');

  it('never throws, and every violation carries the kind, the name and a known rule', () => {
    fc.assert(fc.property(kindArb, fc.string({ maxLength: 100 }), fc.option(fc.string({ maxLength: 10 }), { nil: undefined }), (kind, name, convention) => {
      for (const v of checkName(kind, name, convention)) {
        expect(v.kind).toBe(kind);
        expect(v.name).toBe(name);
        expect(v.rule).toMatch(new RegExp(`^(azure\\.${kind}\\.(length|charset|edges|format|int32)|convention\\.(${kind}|invalid-regex))$`));
        expect(v.message.length).toBeGreaterThan(0);
      }
    }));
  });

  it('a gallery name passes Azure rules exactly when it is 1..80 of [A-Za-z0-9_.] with alphanumeric edges', () => {
    const name = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{0,85}$/), fc.string({ maxLength: 85 }));
    fc.assert(fc.property(name, (n) => {
      const valid = /^[A-Za-z0-9](?:[A-Za-z0-9_.]{0,78}[A-Za-z0-9])?$/.test(n);
      expect(checkName('gallery', n).length === 0).toBe(valid);
    }));
  });

  it('an image definition name passes exactly when it is 1..80 of [A-Za-z0-9_.-] with alphanumeric edges', () => {
    const name = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{0,85}$/), fc.string({ maxLength: 85 }));
    fc.assert(fc.property(name, (n) => {
      const valid = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9])?$/.test(n);
      expect(checkName('imageDefinition', n).length === 0).toBe(valid);
    }));
  });

  it('a version name passes exactly when parseVersion accepts it', () => {
    const name = fc.oneof(fc.stringMatching(/^\d{1,11}\.\d{1,11}\.\d{1,11}$/), fc.string({ maxLength: 12 }));
    fc.assert(fc.property(name, (n) => {
      const segments = n.split('.');
      const valid = segments.length === 3 && segments.every((s) => /^\d+$/.test(s) && Number(s) <= 2147483647);
      expect(checkName('version', n).length === 0).toBe(valid);
    }));
  });
});

/** Any C0 control character (newline, NUL, …) or Unicode line separator. */
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c === '\u2028' || c === '\u2029');

describe('checkAzureName: the segments of a resource ID from outside', () => {
  const azureRules = (kind: AzureNameKind, name: string) => checkAzureName(kind, name).map((v) => v.rule);

  it.each<[AzureNameKind, string, string[]]>([
    ['subscription', '00000000-0000-4000-8000-000000000001', []],
    ['subscription', 'ABCDEF01-2345-6789-abcd-ef0123456789', []],
    ['subscription', 'not-a-guid', ['azure.subscription.format']],
    ['subscription', '00000000-0000-4000-8000-00000000000', ['azure.subscription.format']],
    ['subscription', '00000000-0000-4000-8000-000000000001\n', ['azure.subscription.format']],
    ['resourceGroup', 'rg-capture', []],
    ['resourceGroup', 'RG_(prod).eu-1', []],
    ['resourceGroup', 'ressources-équipe', []],
    ['resourceGroup', 'r'.repeat(90), []],
    ['resourceGroup', 'r'.repeat(91), ['azure.resourceGroup.length']],
    ['resourceGroup', '', ['azure.resourceGroup.length']],
    ['resourceGroup', 'rg.', ['azure.resourceGroup.edges']],
    ['resourceGroup', '.', ['azure.resourceGroup.edges']],
    ['resourceGroup', '..', ['azure.resourceGroup.edges']],
    ['resourceGroup', 'rg?x', ['azure.resourceGroup.charset']],
    ['resourceGroup', 'rg x', ['azure.resourceGroup.charset']],
    ['resourceGroup', 'rg\ud800', ['azure.resourceGroup.charset']],
    ['virtualMachine', 'vm-golden', []],
    ['virtualMachine', 'VM_01.web-a_', []],
    ['virtualMachine', 'v'.repeat(64), []],
    ['virtualMachine', 'v'.repeat(65), ['azure.virtualMachine.length']],
    ['virtualMachine', '', ['azure.virtualMachine.length']],
    ['virtualMachine', '.', ['azure.virtualMachine.edges']],
    ['virtualMachine', '..', ['azure.virtualMachine.edges']],
    ['virtualMachine', 'vm.', ['azure.virtualMachine.edges']],
    ['virtualMachine', 'vm-', ['azure.virtualMachine.edges']],
    ['virtualMachine', '_vm', ['azure.virtualMachine.edges']],
    ['virtualMachine', 'vm\u0000x', ['azure.virtualMachine.charset']],
    ['virtualMachine', 'vm?x', ['azure.virtualMachine.charset']],
    ['virtualMachine', 'vm#x', ['azure.virtualMachine.charset']],
    ['virtualMachine', 'vm\nx', ['azure.virtualMachine.charset']],
    ['virtualMachine', 'vm\ud800x', ['azure.virtualMachine.charset']],
    ['virtualMachine', 'vm\udc00', ['azure.virtualMachine.charset', 'azure.virtualMachine.edges']],
    ['virtualMachine', 'vm😀', ['azure.virtualMachine.charset', 'azure.virtualMachine.edges']],
    ['virtualMachine', 'vmé', ['azure.virtualMachine.charset', 'azure.virtualMachine.edges']],
    ['imageDefinition', '..', ['azure.imageDefinition.edges']],
    ['version', '1.0.0', []],
  ])('%s %j → %j', (kind, name, expected) => {
    expect(azureRules(kind, name)).toEqual(expected);
  });

  it('counts code points: an astral character is one character, reported whole', () => {
    const [v] = checkAzureName('virtualMachine', `vm${'😀'}x`);
    expect(v?.message).toContain(JSON.stringify('😀'));
    expect(azureRules('resourceGroup', 'r'.repeat(89) + '😀')).toEqual(['azure.resourceGroup.charset']);
  });

  it('quotes the name in messages: a newline or control character never reaches a message raw', () => {
    for (const v of checkAzureName('virtualMachine', 'vm\n[forged] line\u0000')) expect(hasControl(v.message)).toBe(false);
  });

  it('a VM name passes exactly when it is 1..64 of [A-Za-z0-9_.-], starts alphanumeric and ends alphanumeric or _', () => {
    const name = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{0,70}$/), fc.string({ maxLength: 70 }), fc.string({ unit: 'binary', maxLength: 10 }));
    fc.assert(fc.property(name, (n) => {
      const valid = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?$/.test(n);
      expect(checkAzureName('virtualMachine', n).length === 0).toBe(valid);
    }));
  });

  it('a resource group name passes exactly when it is 1..90 code points of ARM\'s class, not ending with a period', () => {
    const name = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_().-]{0,95}$/), fc.string({ maxLength: 95 }), fc.string({ unit: 'binary', maxLength: 10 }));
    fc.assert(fc.property(name, (n) => {
      const valid = /^[\p{L}\p{Mn}\p{Nd}\p{Pc}().-]{1,90}$/u.test(n) && !n.endsWith('.');
      expect(checkAzureName('resourceGroup', n).length === 0).toBe(valid);
    }));
  });

  it('never throws, and every violation names its kind and a rule of that kind', () => {
    const kinds = fc.constantFrom<AzureNameKind>('subscription', 'resourceGroup', 'virtualMachine', 'gallery', 'imageDefinition', 'version');
    fc.assert(fc.property(kinds, fc.string({ unit: 'binary', maxLength: 200 }), (kind, name) => {
      for (const v of checkAzureName(kind, name)) {
        expect(v.kind).toBe(kind);
        expect(v.rule.startsWith(`azure.${kind}.`)).toBe(true);
        expect(hasControl(v.message)).toBe(false);
      }
    }));
  });
});
