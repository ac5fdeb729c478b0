import { describe, expect, it } from 'vitest';
import { planPolicyReport } from '../../../../../functions/activities/planPolicyReport';
import { BUILT_IN_ROLES } from '../../../../../shared/domain/policy/builtInRoles';
import type { RoleAssignmentRecord } from '../../../../../shared/domain/policy/rbacRecords';
import {
  APP_ROLE_DEFINITIONS,
  APP_ROLES,
  BUILT_IN_DEFINITIONS,
  GALLERY_RG_SCOPE,
  NOW,
  OTHER_SUB,
  STAGING_SCOPE,
  aCatalog,
  aPrincipal,
  anAssignment,
  appAssignments,
} from './policyBuilders';

/**
 * A large estate through the scan's decision activity (the function registered as `planPolicyReport`, which the
 * policy-scan orchestration calls with what readPolicyRbac listed). Spreading one subscription's findings into
 * `push(...)` passed every finding as a call argument and overflowed the stack somewhere above ~120k of them.
 */
const MANAGEMENT_GROUP = '/providers/Microsoft.Management/managementGroups/corp';
const CONTRIBUTORS = 140_000; // LP001 (high) each: Contributor reaching the gallery
const INHERITED = 20_000; // LP009 (low) each: Reader inherited from a management group
const ELSEWHERE = 10_000; // LP009 (medium) each: an assignment in a subscription nobody scanned
const HARMLESS = 130_000; // no finding: Reader on the staging resource group
const TOTAL = CONTRIBUTORS + INHERITED + ELSEWHERE + HARMLESS;

function estate(): RoleAssignmentRecord[] {
  const out = appAssignments();
  let n = 1_000;
  const add = (count: number, scope: string, roleGuid: string) => {
    for (let i = 0; i < count; i++) out.push(anAssignment({ principalId: aPrincipal(n++), scope, roleGuid }));
  };
  add(CONTRIBUTORS, GALLERY_RG_SCOPE, BUILT_IN_ROLES.contributor.guid);
  add(INHERITED, MANAGEMENT_GROUP, BUILT_IN_ROLES.reader.guid);
  add(ELSEWHERE, `/subscriptions/${OTHER_SUB}`, BUILT_IN_ROLES.reader.guid);
  add(HARMLESS, STAGING_SCOPE, BUILT_IN_ROLES.reader.guid);
  return out;
}

describe('policy evaluation of a large estate', () => {
  it(`judges ${TOTAL.toLocaleString('en')} role assignments in one subscription without overflowing the stack`, () => {
    const assignments = estate();
    expect(assignments.length).toBeGreaterThanOrEqual(300_000);

    const report = planPolicyReport({
      catalog: aCatalog(),
      assignments,
      roleDefinitions: [...BUILT_IN_DEFINITIONS, ...APP_ROLE_DEFINITIONS],
      appRoles: APP_ROLES,
      resources: [],
      now: NOW,
    });

    expect(report.summary).toEqual({ high: CONTRIBUTORS, medium: ELSEWHERE, low: INHERITED });
    expect(report.findings).toHaveLength(CONTRIBUTORS + INHERITED + ELSEWHERE);
    const byRule = new Map<string, number>();
    for (const finding of report.findings) byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
    expect(Object.fromEntries(byRule)).toEqual({ LP001: CONTRIBUTORS, LP009: INHERITED + ELSEWHERE });
    expect(new Set(report.findings.map((finding) => finding.id)).size).toBe(report.findings.length);
  });
});
