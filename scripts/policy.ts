/**
 * `npm run policy -- --catalog <file> [--sarif] [--fail-on high|medium|low]`: the policy checks that need no Azure,
 * for CI. Exit 0 = nothing at or above --fail-on, 1 = findings at or above it, 2 = usage error.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { catalogArtifactLocation } from './catalogArtifactLocation';
import { CatalogError } from '../shared/config/CatalogError';
import { packageVersion } from '../shared/config/packageVersion';
import { readCatalogFile } from '../shared/config/readCatalogFile';
import { createFinding } from '../shared/domain/policy/createFinding';
import { evaluateCatalogPolicy } from '../shared/domain/policy/evaluateCatalogPolicy';
import { isSeverity, severityAtLeast, toPolicyReport, type PolicyFinding, type Severity } from '../shared/domain/policy/finding';
import { formatPolicyReport } from '../shared/domain/policy/formatPolicyReport';
import { toSarif } from '../shared/domain/policy/toSarif';

export const USAGE = `usage: npm run policy -- --catalog <file> [--sarif] [--fail-on high|medium|low]

  --catalog <file>   the catalog YAML to check (required)
  --sarif            print SARIF 2.1.0 instead of text
  --fail-on <level>  exit 1 when a finding at or above this severity exists (default: high)
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => Date;
  /** The working directory, which `npm run` sets to the repository's root: --catalog and SARIF locations are relative to it. */
  root: string;
}

interface CliOptions {
  catalog: string;
  sarif: boolean;
  failOn: Severity;
}

function parseCliArgs(argv: readonly string[]): { ok: true; options: CliOptions } | { ok: false; error: string } {
  let values: { catalog?: string; sarif?: boolean; 'fail-on'?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { catalog: { type: 'string' }, sarif: { type: 'boolean', default: false }, 'fail-on': { type: 'string', default: 'high' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (values.catalog === undefined || values.catalog.trim() === '') return { ok: false, error: '--catalog: a catalog file is required' };
  const failOn = values['fail-on'];
  if (!isSeverity(failOn)) return { ok: false, error: `--fail-on: must be high, medium or low, got '${String(failOn)}'` };
  return { ok: true, options: { catalog: values.catalog, sarif: values.sarif === true, failOn } };
}

/**
 * A catalog that does not load is itself the most important finding (the app refuses to start), so its problems
 * become findings rather than a crash: naming problems keep their naming rule, the rest are PL006, and one PL006
 * summary makes sure the default --fail-on high fails the run.
 */
function loadProblemsToFindings(error: CatalogError): { findings: PolicyFinding[]; lines: Map<string, number> } {
  const lines = new Map<string, number>();
  const findings: PolicyFinding[] = [
    createFinding('PL006', { scope: '(catalog)', message: `The catalog does not load (${error.problems.length} problem(s)); the app would refuse to start.` }),
  ];
  for (const problem of error.problems) {
    const rule = problem.rule ?? '';
    const ruleId = rule === 'convention.invalid-regex' ? 'PL005' : rule.startsWith('azure.') ? 'NM001' : rule.startsWith('convention.') ? 'NM002' : 'PL006';
    // One field can break several rules (a name's charset and its edges): the rule in `resource` keeps their ids apart.
    const finding = createFinding(ruleId, { scope: problem.path, ...(rule === '' ? {} : { resource: `${problem.path} (${rule})` }), message: `${problem.path}: ${problem.message}` });
    if (problem.line !== undefined) lines.set(finding.id, problem.line);
    findings.push(finding);
  }
  return { findings, lines };
}


export function runPolicyCli(argv: readonly string[], io: CliIo): number {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    io.stderr(`error: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const { options } = parsed;
  let findings: PolicyFinding[];
  let lines = new Map<string, number>();
  try {
    findings = evaluateCatalogPolicy(readCatalogFile(resolve(io.root, options.catalog)));
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    // An unreadable file is a usage problem, not a finding about a catalog.
    if (error.problems.some((problem) => problem.path === '(file)')) {
      io.stderr(`error: --catalog: ${error.problems.map((problem) => problem.message).join('; ')} (${options.catalog})\n\n${USAGE}`);
      return 2;
    }
    ({ findings, lines } = loadProblemsToFindings(error));
  }
  const report = toPolicyReport(findings, io.now().toISOString());
  if (options.sarif) {
    const sarif = toSarif(report, { toolVersion: packageVersion(), artifact: catalogArtifactLocation(options.catalog, io.root), lineOf: (finding) => lines.get(finding.id) });
    io.stdout(`${JSON.stringify(sarif, null, 2)}\n`);
  } else {
    io.stdout(formatPolicyReport(report, `Policy check of ${options.catalog} (offline: the catalog only; live RBAC needs a scan)`));
  }
  return report.findings.some((finding) => severityAtLeast(finding.severity, options.failOn)) ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = runPolicyCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    now: () => new Date(),
    root: process.cwd(),
  });
}
