import type { NamingRules } from '../catalog';
import { checkName, type ResourceKind } from '../names';
import { createFinding } from './createFinding';
import type { PolicyFinding } from './finding';

export interface NamedResource {
  kind: ResourceKind;
  name: string;
  /** The ARM resource ID (live resources) or the ID the resource would get (catalog entries). */
  id: string;
}

/**
 * NM001 (Azure's hard rules: creating the resource fails) and NM002 (the catalog's convention). All violations of
 * one category for one resource become one finding so its id stays stable when a name breaks several rules.
 */
export function evaluateNames(resources: readonly NamedResource[], naming: NamingRules): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  for (const resource of resources) {
    const violations = checkName(resource.kind, resource.name, naming[resource.kind]);
    const azure = violations.filter((violation) => violation.rule.startsWith('azure.'));
    const convention = violations.filter((violation) => violation.rule.startsWith('convention.') && violation.rule !== 'convention.invalid-regex');
    const invalidRule = violations.find((violation) => violation.rule === 'convention.invalid-regex');
    if (azure.length > 0) {
      findings.push(createFinding('NM001', { scope: resource.id, resource: resource.id, message: azure.map((violation) => violation.message).join('; ') }));
    }
    if (convention.length > 0) {
      findings.push(createFinding('NM002', { scope: resource.id, resource: resource.id, message: convention.map((violation) => violation.message).join('; ') }));
    }
    if (invalidRule !== undefined) {
      // Keyed on the rule, not the resource: one broken regex is one finding however many names it was tried on.
      findings.push(createFinding('PL005', { scope: `policy.naming.${resource.kind}`, message: invalidRule.message }));
    }
  }
  return findings;
}
