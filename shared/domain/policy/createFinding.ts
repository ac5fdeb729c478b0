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
