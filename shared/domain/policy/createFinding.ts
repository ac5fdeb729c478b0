import { findingId, type PolicyFinding, type Severity } from './finding';
import { policyRule, type PolicyRuleId } from './policyRules';

export interface FindingParts {
  scope: string;
  message: string;
  principalId?: string;
  roleDefinitionId?: string;
  resource?: string;
  /** Overrides the rule's usual severity for rules that escalate per finding. */
  severity?: Severity;
}

/** A finding of a known rule: its stable id, the rule's severity and recommendation. */
export function createFinding(ruleId: PolicyRuleId, parts: FindingParts): PolicyFinding {
  const rule = policyRule(ruleId);
  const { severity, message, ...ids } = parts;
  return {
    id: findingId({ ruleId, ...ids }),
    ruleId,
    severity: severity ?? rule.severity,
    ...ids,
    message,
    recommendation: rule.recommendation,
  };
}

/**
 * The finding of one role assignment: what createFinding builds from `{ scope, principalId, roleDefinitionId,
 * severity, message }`, field for field and in the same order, without the object rest and spread a scan of a
 * million assignments would pay per finding. `id` is that finding's findingId, which the caller builds from parts
 * it lower-cased once per distinct value (findingIdOfKeys).
 */
export function createAssignmentFinding(ruleId: PolicyRuleId, id: string, scope: string, principalId: string, roleDefinitionId: string, severity: Severity, message: string): PolicyFinding {
  return {
    id,
    ruleId,
    severity,
    scope,
    principalId,
    roleDefinitionId,
    message,
    recommendation: policyRule(ruleId).recommendation,
  };
}
