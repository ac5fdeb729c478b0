import type { Severity } from './finding';

/**
 * Every rule the policy checks apply. IDs are part of the contract (finding IDs, SARIF rule IDs, suppressions):
 * never renumber or reuse one; retire a rule by leaving its ID unused.
 */
export interface PolicyRule {
  id: string;
  name: string;
  /** The severity findings of this rule usually get; a few rules escalate per finding (documented on the rule). */
  severity: Severity;
  description: string;
  recommendation: string;
}

const rules = [
  {
    id: 'LP001',
    name: 'PrivilegedRoleAtBroadScope',
    severity: 'high',
    description:
      'Owner, Contributor or User Access Administrator at the subscription, the gallery, its resource group, or a wider scope — or at another subscription holding capture or usage scopes — held by a principal not on the allow-list.',
    recommendation:
      'Replace the assignment with a narrowly scoped custom role (see infra/roles), or add the principal to policy.leastPrivilege.allowedPrincipals with a reason.',
  },
  {
    id: 'LP002',
    name: 'TooManySubscriptionOwners',
    severity: 'high',
    description: 'More principals hold Owner on a scanned subscription (directly or inherited) than policy.leastPrivilege.maxSubscriptionOwners.',
    recommendation: 'Keep at most a few subscription Owners (PSRule Azure.RBAC.LimitOwner, Defender: max 3); use narrower roles for everyone else.',
  },
  {
    id: 'LP003',
    name: 'TooManyDirectUserAssignments',
    severity: 'medium',
    description: 'More role assignments go directly to users than policy.leastPrivilege.maxDirectUserAssignments.',
    recommendation: 'Assign roles to Entra ID groups and manage membership there (PSRule Azure.RBAC.UseGroups).',
  },
  {
    id: 'LP004',
    name: 'CustomRoleWithFullWildcard',
    severity: 'high',
    description: "A custom role allows '*' (every action) and is assignable at subscription scope or wider: a custom subscription owner role.",
    recommendation: 'List the exact actions the role needs and narrow its assignable scopes (Defender: custom subscription owner roles).',
  },
  {
    id: 'LP005',
    name: 'CustomRoleWithWildcardActions',
    severity: 'medium',
    description: 'A custom role uses wildcard actions (e.g. Microsoft.Compute/*) and is assignable at subscription scope or wider.',
    recommendation: 'Replace wildcards with the exact actions; a wildcard silently grows when the provider adds operations.',
  },
  {
    id: 'LP006',
    name: 'GalleryWriteOutsideAllowList',
    severity: 'medium',
    description:
      'A principal not on the allow-list can write (medium) or delete (high) the gallery, its image definitions or versions, resolved from the role actions with wildcards and notActions.',
    recommendation: 'Remove the assignment or add the principal to policy.leastPrivilege.allowedPrincipals with a reason.',
  },
  {
    id: 'LP007',
    name: 'AppIdentityUndeclaredRole',
    severity: 'high',
    description: "The app's own identity holds a role, or holds it at a scope, that infra/roles does not declare for it.",
    recommendation: 'Remove the extra assignment; the app needs only the roles in infra/roles at their declared scopes.',
  },
  {
    id: 'LP008',
    name: 'AssignmentOfMissingRoleDefinition',
    severity: 'medium',
    description: 'A role assignment refers to a role definition that no longer exists.',
    recommendation: 'Delete the orphaned assignment; it grants nothing but hides intent and may come back with a re-created role.',
  },
  {
    id: 'LP009',
    name: 'AssignmentScopeOutsideSubscription',
    severity: 'low',
    description:
      'A role assignment applies from outside the scanned subscriptions: inherited from a management group or the root (low), or in a subscription the scan did not read (medium).',
    recommendation: 'Review who manages the outer scope; prefer delegations at the resource group (PSRule Azure.RBAC.LimitMGDelegation).',
  },
  {
    id: 'LP010',
    name: 'MalformedRbacData',
    severity: 'medium',
    description: 'A role assignment or role definition could not be evaluated (missing or malformed fields), or a subscription holding capture or usage scopes could not be read.',
    recommendation: 'Inspect the item in the portal or with az role assignment list; the scan skipped it.',
  },
  {
    id: 'NM001',
    name: 'NameBreaksAzureRules',
    severity: 'medium',
    description: "A gallery, image definition or version name breaks Azure's naming rules: creating it fails.",
    recommendation: "Rename it to satisfy Azure's rules (galleries: letters, digits, underscores, periods; no hyphens).",
  },
  {
    id: 'NM002',
    name: 'NameBreaksConvention',
    severity: 'low',
    description: "A gallery, image definition or version name does not match the catalog's naming convention.",
    recommendation: 'Rename the resource or adjust policy.naming in the catalog.',
  },
  {
    id: 'PL001',
    name: 'AllowListEntryInvalid',
    severity: 'medium',
    description: 'An allow-list entry has a principal ID that is not an object ID (GUID), or no reason.',
    recommendation: 'Use object IDs (not names or UPNs) and document why each principal is allowed.',
  },
  {
    id: 'PL002',
    name: 'AllowListEntryTooBroad',
    severity: 'medium',
    description: 'An allow-list entry allows any role (empty roles), or lists a principal twice.',
    recommendation: 'List the exact roles the principal may hold, once per principal.',
  },
  {
    id: 'PL003',
    name: 'AppIdentityOnAllowList',
    severity: 'medium',
    description: "The app's own identity is on the allow-list, which would hide its extra roles from the checks.",
    recommendation: 'Remove the app identity from allowedPrincipals; its roles are declared in infra/roles.',
  },
  {
    id: 'PL004',
    name: 'LimitAboveRecommendation',
    severity: 'low',
    description: 'maxSubscriptionOwners is above 3 or maxDirectUserAssignments above 5, the limits respected tools use.',
    recommendation: 'Lower the limit to the recommendation (Defender: 3 owners; PSRule: 5 direct user assignments).',
  },
  {
    id: 'PL005',
    name: 'NamingRuleInvalid',
    severity: 'high',
    description: 'A naming convention in policy.naming is not a valid regular expression, so no name can be checked against it.',
    recommendation: 'Fix the regular expression (it is anchored by the checker: write it without ^ and $).',
  },
  {
    id: 'PL006',
    name: 'CatalogInvalid',
    severity: 'high',
    description: 'The catalog does not pass validation: the app refuses to start with it.',
    recommendation: 'Fix each listed problem at its path; every problem is reported at once.',
  },
  {
    id: 'SH001',
    name: 'SharingOutsideAllowList',
    severity: 'high',
    description:
      'The gallery is shared directly with a subscription or tenant, or to the community, that policy.sharing.allow does not list (read from the gallery, or declared in gallery.sharing).',
    recommendation:
      'Remove the share (take it out of gallery.sharing and run POST /api/sharing with apply, or share action Remove / Reset), or add it to policy.sharing.allow.',
  },
] as const satisfies readonly PolicyRule[];

export type PolicyRuleId = (typeof rules)[number]['id'];

export const POLICY_RULES: readonly PolicyRule[] = rules;

const BY_ID: ReadonlyMap<string, PolicyRule> = new Map(POLICY_RULES.map((rule) => [rule.id, rule]));

export function policyRule(id: PolicyRuleId): PolicyRule {
  const rule = BY_ID.get(id);
  // The id type is derived from the table itself, so a miss is a programming error, not bad input.
  if (rule === undefined) throw new Error(`unknown policy rule ${id}`);
  return rule;
}
