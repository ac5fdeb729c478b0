import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogPolicyReport, evaluateCatalogPolicy } from '../../../../../shared/domain/policy/evaluateCatalogPolicy';
import { APP_PRINCIPAL, NOW, aCatalog, aPrincipal } from './policyBuilders';

const entry = (overrides: Partial<{ principalId: string; roles: string[]; reason: string }> = {}) => ({
  principalId: aPrincipal(1),
  roles: ['Owner'],
  reason: 'break-glass account',
  ...overrides,
});

describe('evaluateCatalogPolicy', () => {
  it('a catalog following the defaults has no findings', () => {
    expect(evaluateCatalogPolicy(aCatalog({ leastPrivilege: { allowedPrincipals: [entry()] } }))).toEqual([]);
  });

  it.each<[string, Parameters<typeof aCatalog>[0], [string, string][]]>([
    ['hyphenated gallery name', { galleryName: 'gal-main' }, [['NM001', 'medium'], ['NM002', 'low']]],
    ['definition off-convention', { imageNames: ['ubuntu-base', 'WinServer2025'] }, [['NM002', 'low']]],
    ['invalid naming regex', { naming: { gallery: '(' } }, [['PL005', 'high']]],
    ['principal by UPN', { leastPrivilege: { allowedPrincipals: [entry({ principalId: 'ops@contoso.com' })] } }, [['PL001', 'medium']]],
    ['principal without reason', { leastPrivilege: { allowedPrincipals: [entry({ reason: '  ' })] } }, [['PL001', 'medium']]],
    ['any role allowed', { leastPrivilege: { allowedPrincipals: [entry({ roles: [] })] } }, [['PL002', 'medium']]],
    ['principal listed twice', { leastPrivilege: { allowedPrincipals: [entry(), entry({ principalId: aPrincipal(1).toUpperCase(), roles: ['Reader'] })] } }, [['PL002', 'medium']]],
    ['app identity allow-listed', { leastPrivilege: { allowedPrincipals: [entry({ principalId: APP_PRINCIPAL })] } }, [['PL003', 'medium']]],
    ['app identity not a GUID', { leastPrivilege: { appPrincipalId: 'my-app' } }, [['PL001', 'medium']]],
    ['owner limit above 3', { leastPrivilege: { maxSubscriptionOwners: 4 } }, [['PL004', 'low']]],
    ['direct user limit above 5', { leastPrivilege: { maxDirectUserAssignments: 6 } }, [['PL004', 'low']]],
  ])('%s', (_name, overrides, expected) => {
    expect(evaluateCatalogPolicy(aCatalog(overrides)).map((f) => [f.ruleId, f.severity])).toEqual(expected);
  });

  it('points allow-list findings at the catalog path', () => {
    const [finding] = evaluateCatalogPolicy(aCatalog({ leastPrivilege: { allowedPrincipals: [entry(), entry({ principalId: aPrincipal(2), roles: [] })] } }));
    expect(finding?.scope).toBe('policy.leastPrivilege.allowedPrincipals[1].roles');
  });

  it('summary counts add up to the findings and generatedAt is the given now, for any limits and names', () => {
    fc.assert(
      fc.property(fc.nat(10), fc.nat(10), fc.string(), fc.array(fc.string(), { maxLength: 4 }), (owners, users, galleryName, imageNames) => {
        const report = catalogPolicyReport(aCatalog({ galleryName, imageNames, leastPrivilege: { maxSubscriptionOwners: owners, maxDirectUserAssignments: users } }), NOW);
        const { high, medium, low } = report.summary;
        return report.generatedAt === NOW && high + medium + low === report.findings.length;
      }),
    );
  });
});
