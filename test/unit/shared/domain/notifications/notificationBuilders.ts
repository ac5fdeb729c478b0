/** Builders of the facts the notification builders take, shared by the notification unit tests. */
import type { PolicyFinding, PolicyReport, Severity } from '../../../../../shared/domain/policy/finding';
import type { PruneFacts, PublishedFacts, RunFacts } from '../../../../../shared/domain/notifications/eventBuilders';
import { GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../../support/builders';

export const gallery = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, name: GALLERY };
export const GALLERY_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}`;

export function aRun(overrides: Partial<RunFacts> = {}): RunFacts {
  return { gallery, image: 'ubuntu-web', instanceId: 'build-ubuntu-web', ...overrides };
}

export function anOutput(overrides: Partial<PublishedFacts> = {}): PublishedFacts {
  return {
    version: '1.0.0',
    buildId: 'a1b2c3d4',
    trigger: 'http',
    regions: ['westeurope', 'northeurope'],
    failedRegions: [],
    promoted: true,
    durationSeconds: 1800,
    status: 'Succeeded',
    ...overrides,
  };
}

export function aPruneReport(overrides: Partial<PruneFacts> = {}): PruneFacts {
  return {
    dryRun: false,
    trigger: 'schedule',
    summary: { keep: 3, deprecate: 1, delete: 2 },
    deprecated: ['1.0.3'],
    deleted: ['1.0.1', '1.0.2'],
    failed: [],
    ...overrides,
  };
}

let findingCounter = 0;
export function aFinding(severity: Severity, overrides: Partial<PolicyFinding> = {}): PolicyFinding {
  findingCounter += 1;
  return {
    id: `finding-${findingCounter}`,
    ruleId: 'Azure.RBAC.LimitOwner',
    severity,
    scope: `/subscriptions/${SUBSCRIPTION}`,
    message: 'more than 3 owners',
    recommendation: 'remove owners',
    ...overrides,
  };
}

export function aReport(findings: PolicyFinding[]): PolicyReport {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return { generatedAt: '2026-11-25T05:00:00.000Z', summary: { high: count('high'), medium: count('medium'), low: count('low') }, findings };
}
