import type { PolicyFinding, PolicyReport, Severity } from './finding';
import { POLICY_RULES } from './policyRules';

/** The subset of SARIF 2.1.0 this tool writes; the tests validate it against the official schema. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

interface SarifRun {
  tool: { driver: { name: string; version: string; rules: SarifRule[] } };
  invocations: { executionSuccessful: boolean; endTimeUtc: string }[];
  results: SarifResult[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: SarifLevel };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: { severity: Severity; scope: string; principalId?: string; roleDefinitionId?: string; recommendation: string };
}

interface SarifLocation {
  physicalLocation?: { artifactLocation: SarifArtifactLocation; region?: { startLine: number } };
  logicalLocations: { fullyQualifiedName: string; kind: string }[];
}

type SarifLevel = 'error' | 'warning' | 'note';

/** A relative URI, resolved against `uriBaseId` (e.g. `%SRCROOT%`, the checkout's root) when one is given. */
export interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

const LEVEL: Record<Severity, SarifLevel> = { high: 'error', medium: 'warning', low: 'note' };

export interface SarifOptions {
  toolVersion: string;
  /** The file the findings are about (the catalog), never an absolute local path; omitted for live scans. */
  artifact?: SarifArtifactLocation;
  /** Line of a finding in that file, when known (catalog load problems carry one). */
  lineOf?: (finding: PolicyFinding) => number | undefined;
}

/**
 * SARIF so code-scanning UIs can show and track findings: severity maps to level (high → error), and the stable
 * finding id becomes a partial fingerprint so a finding that persists is recognised across runs.
 */
export function toSarif(report: PolicyReport, options: SarifOptions): SarifLog {
  const rules: SarifRule[] = POLICY_RULES.map((rule) => ({
    id: rule.id,
    name: rule.name,
    shortDescription: { text: `${rule.name}: ${rule.description.split(/(?<=\.)\s/)[0] ?? rule.description}` },
    fullDescription: { text: rule.description },
    help: { text: rule.recommendation },
    defaultConfiguration: { level: LEVEL[rule.severity] },
  }));
  const results = report.findings.map((finding): SarifResult => {
    const line = options.lineOf?.(finding);
    const physical =
      options.artifact === undefined
        ? {}
        : { physicalLocation: { artifactLocation: { ...options.artifact }, ...(line === undefined ? {} : { region: { startLine: line } }) } };
    return {
      ruleId: finding.ruleId,
      ruleIndex: Math.max(0, rules.findIndex((rule) => rule.id === finding.ruleId)),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [{ ...physical, logicalLocations: [{ fullyQualifiedName: finding.scope, kind: finding.scope.startsWith('/') ? 'resource' : 'member' }] }],
      partialFingerprints: { 'imageAutopilotFindingId/v1': finding.id },
      properties: {
        severity: finding.severity,
        scope: finding.scope,
        ...(finding.principalId === undefined ? {} : { principalId: finding.principalId }),
        ...(finding.roleDefinitionId === undefined ? {} : { roleDefinitionId: finding.roleDefinitionId }),
        recommendation: finding.recommendation,
      },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'image-autopilot-policy', version: options.toolVersion, rules } },
        invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt }],
        results,
      },
    ],
  };
}
