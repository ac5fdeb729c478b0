import { describe, expect, it } from 'vitest';
import type { Architecture, SecurityType } from '../../../../shared/domain/catalog';
import { SIZE_FAMILIES, sizeFamily, sizeProblems } from '../../../../shared/domain/vmSizes';

type Need = { architecture: Architecture; securityType: SecurityType };
const need = (architecture: Architecture, securityType: SecurityType = 'TrustedLaunchSupported'): Need => ({ architecture, securityType });

describe('sizeProblems: what a build VM size can host', () => {
  it.each<[string, Need, RegExp[]]>([
    ['Standard_D2s_v5', need('x64'), []],
    ['Standard_D2s_v5', need('x64', 'TrustedLaunch'), []],
    ['standard_d2S_V5', need('Arm64'), [/is x64, but the definition's architecture is Arm64/]],
    ['Standard_D4ps_v5', need('Arm64'), []],
    ['Standard_D4plds_v5', need('Arm64'), []],
    ['Standard_E8pds_v5', need('Arm64'), []],
    ['Standard_D4ps_v5', need('x64'), [/is Arm64, but the definition's architecture is x64/]],
    ['Standard_D4ps_v5', need('Arm64', 'TrustedLaunch'), [/does not support trusted launch/]],
    ['Standard_D4ps_v5', need('x64', 'ConfidentialVM'), [/is Arm64/, /cannot host a confidential VM/]],
    ['Standard_DC4as_v5', need('x64', 'ConfidentialVM'), []],
    ['Standard_EC8eds_v5', need('x64', 'ConfidentialVM'), []],
    ['Standard_D2s_v5', need('x64', 'ConfidentialVM'), [/cannot host a confidential VM/]],
    ['Standard_E4as_v5', need('x64', 'TrustedLaunch'), [/does not support trusted launch/]],
    ['Standard_M8ms', need('x64', 'TrustedLaunch'), [/\(M-series\) does not support trusted launch/]],
    ['Standard_B2ms', need('x64', 'TrustedLaunch'), []],
    ['Standard_F4s_v2', need('x64', 'TrustedLaunch'), []],
    // The …Supported types and Standard build on a standard VM: any size of the right architecture will do.
    ['Standard_M8ms', need('x64', 'TrustedLaunchAndConfidentialVmSupported'), []],
    ['Standard_D2s_v5', need('x64', 'ConfidentialVmSupported'), []],
    // Unknown sizes are not checked: ARM's create is the backstop.
    ['Standard_NV36ads_A10_v5', need('Arm64', 'ConfidentialVM'), []],
  ])('%s for %o', (size, wanted, expected) => {
    const problems = sizeProblems(size, wanted);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(problems[i]).toMatch(re));
  });

  it('matches every size to at most one family, so the table never contradicts itself', () => {
    const sizes = ['Standard_D2s_v5', 'Standard_D2ds_v5', 'Standard_D2as_v5', 'Standard_D2ads_v5', 'Standard_D2ls_v5', 'Standard_D2lds_v5', 'Standard_D2_v5', 'Standard_D2ps_v5', 'Standard_D2pls_v5', 'Standard_D2pds_v5', 'Standard_D2plds_v5', 'Standard_E2ps_v5', 'Standard_E2pds_v5', 'Standard_DC2as_v5', 'Standard_DC2ads_v5', 'Standard_EC2as_v5', 'Standard_DC2es_v5', 'Standard_EC2eds_v5', 'Standard_E2s_v5', 'Standard_E2as_v5', 'Standard_E2as_v4', 'Standard_D2as_v4', 'Standard_F2s_v2', 'Standard_B2s', 'Standard_M8ms', 'Standard_M208s_v2'];
    for (const size of sizes) {
      expect(SIZE_FAMILIES.filter((f) => f.pattern.test(size)).length, size).toBe(1);
      expect(sizeFamily(size), size).toBeDefined();
    }
  });
});
