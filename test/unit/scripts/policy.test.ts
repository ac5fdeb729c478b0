import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOW, aCatalogFile, runCli, sarifValidator } from './policyCliHarness';

const OWNER_ROLE = ['Owner'];

describe('npm run policy (scripts/policy.ts)', () => {
  it('the sample catalog passes with no findings', () => {
    const result = runCli(['--catalog', aCatalogFile()]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('No findings.');
    expect(result.stdout).toContain('0 finding(s): 0 high, 0 medium, 0 low');
  });

  it.each<[string, [(string | number)[], unknown][], string[], [string, number][]]>([
    ['allow-list entry with any role', [[['policy', 'leastPrivilege', 'allowedPrincipals', 0, 'roles'], []]], ['PL002'], [['high', 0], ['medium', 1], ['low', 1]]],
    ['owner limit above the recommendation', [[['policy', 'leastPrivilege', 'maxSubscriptionOwners'], 5]], ['PL004'], [['high', 0], ['medium', 0], ['low', 1]]],
    ['app identity on the allow-list', [[['policy', 'leastPrivilege', 'appPrincipalId'], '11111111-1111-1111-1111-111111111111']], ['PL003'], [['medium', 1]]],
    ['hyphenated gallery name (the catalog no longer loads)', [[['gallery', 'name'], 'gal-golden']], ['PL006', 'NM001', 'NM002'], [['high', 1]]],
    ['invalid naming regex', [[['policy', 'naming', 'imageDefinition'], '(ubuntu']], ['PL006'], [['high', 1]]],
  ])('%s', (_name, edits, rules, exits) => {
    const file = aCatalogFile(edits);
    for (const [failOn, code] of exits) {
      const result = runCli(['--catalog', file, '--fail-on', failOn]);
      expect({ failOn, code: result.code }).toEqual({ failOn, code });
      for (const rule of rules) expect(result.stdout).toContain(rule);
    }
  });

  it.each<[string, string[], RegExp]>([
    ['no --catalog', [], /--catalog: a catalog file is required/],
    ['empty --catalog', ['--catalog', ''], /--catalog: a catalog file is required/],
    ['unknown severity', ['--catalog', 'x.yaml', '--fail-on', 'critical'], /--fail-on: must be high, medium or low, got 'critical'/],
    ['unknown option', ['--catalog', 'x.yaml', '--verbose'], /Unknown option '--verbose'/],
    ['positional argument', ['catalog.yaml'], /positional/i],
    ['missing file', ['--catalog', '/nonexistent/catalog.yaml'], /--catalog: cannot read the catalog file: ENOENT/],
  ])('%s → usage error, exit 2', (_name, args, message) => {
    const result = runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('usage: npm run policy -- --catalog <file>');
  });

  it('exits 1 exactly when a finding at or above --fail-on exists', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.constantFrom('high', 'medium', 'low'),
        (owners, anyRole, failOn) => {
          const file = aCatalogFile([
            [['policy', 'leastPrivilege', 'maxSubscriptionOwners'], owners],
            [['policy', 'leastPrivilege', 'allowedPrincipals', 0, 'roles'], anyRole ? [] : OWNER_ROLE],
          ]);
          const expected = (anyRole && failOn !== 'high') || (owners > 3 && failOn === 'low') ? 1 : 0;
          return runCli(['--catalog', file, '--fail-on', failOn]).code === expected;
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('npm run policy -- --sarif', () => {
  const validate = sarifValidator();

  it('the official schema rejects a log with an invalid level (the validation is not vacuous)', () => {
    const { stdout } = runCli(['--catalog', aCatalogFile([[['gallery', 'name'], 'gal-golden']]), '--sarif']);
    const log = JSON.parse(stdout) as { runs: { results: { level: string }[] }[] };
    const first = log.runs[0]?.results[0];
    if (first === undefined) throw new Error('expected a result');
    first.level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it.each<[string, [(string | number)[], unknown][], number]>([
    ['clean catalog', [], 0],
    ['catalog findings', [[['policy', 'leastPrivilege', 'allowedPrincipals', 0, 'roles'], []], [['policy', 'leastPrivilege', 'maxDirectUserAssignments'], 9]], 2],
    ['catalog that does not load', [[['gallery', 'name'], 'gal-golden'], [['images', 0, 'name'], 'Ubuntu Base']], 5],
  ])('%s: schema-valid SARIF 2.1.0 with %i result(s)', (_name, edits, results) => {
    const file = aCatalogFile(edits);
    const { stdout } = runCli(['--catalog', file, '--sarif', '--fail-on', 'low']);
    const log: unknown = JSON.parse(stdout);
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log).toMatchObject({ version: '2.1.0', runs: [{ tool: { driver: { name: 'image-autopilot-policy' } }, invocations: [{ endTimeUtc: NOW.toISOString() }] }] });
    const run = (log as { runs: { results: unknown[] }[] }).runs[0];
    expect(run?.results).toHaveLength(results);
  });

  it('a catalog that does not load gives a finding per problem, two problems of one field included', () => {
    // 'Ubuntu 2204 base!' breaks two Azure naming rules (charset and edges) and the naming convention, all at one path.
    const file = aCatalogFile([[['images', 0, 'name'], 'Ubuntu 2204 base!']]);
    const log = JSON.parse(runCli(['--catalog', file, '--sarif']).stdout) as { runs: { results: { ruleId: string; message: { text: string }; partialFingerprints: Record<string, string> }[] }[] };
    const results = log.runs[0]?.results ?? [];
    const problems = results.filter((r) => r.ruleId !== 'PL006');
    expect(problems.map((r) => r.ruleId).sort()).toEqual(['NM001', 'NM001', 'NM002']);
    expect(results.find((r) => r.ruleId === 'PL006')?.message.text).toContain(`(${problems.length} problem(s))`);
    expect(new Set(results.map((r) => r.partialFingerprints['imageAutopilotFindingId/v1'])).size).toBe(results.length);
  });

  it('maps severities to levels, points at the catalog line when known, and fingerprints by finding id', () => {
    const file = aCatalogFile([[['gallery', 'name'], 'gal-golden']]);
    const log = JSON.parse(runCli(['--catalog', file, '--sarif']).stdout) as {
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } } }[]; partialFingerprints: Record<string, string> }[] }[];
    };
    const run = log.runs[0];
    if (run === undefined) throw new Error('expected a run');
    const byRule = Object.fromEntries(run.results.map((r) => [r.ruleId, r]));
    expect(byRule.PL006?.level).toBe('error');
    expect(byRule.NM001?.level).toBe('warning');
    expect(byRule.NM002?.level).toBe('note');
    // gallery.name is on line 10 of the sample catalog, which is in a folder under the root.
    const [folder, root] = [basename(dirname(file)), dirname(dirname(file))];
    const located = JSON.parse(runCli(['--catalog', file, '--sarif'], root).stdout) as typeof log;
    const nm001 = located.runs[0]?.results.find((r) => r.ruleId === 'NM001');
    expect(nm001?.locations[0]?.physicalLocation).toEqual({ artifactLocation: { uri: `${folder}/catalog.yaml`, uriBaseId: '%SRCROOT%' }, region: { startLine: 10 } });
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(result.partialFingerprints['imageAutopilotFindingId/v1']).toMatch(new RegExp(`^${result.ruleId}:`));
    }
  });

  it.each<[string, (file: string) => [catalog: string, root: string], { uri: string; uriBaseId?: string }]>([
    ['absolute path inside the root', (file) => [file, dirname(dirname(file))], { uri: 'FOLDER/catalog.yaml', uriBaseId: '%SRCROOT%' }],
    ['relative path from the root', (file) => [join(basename(dirname(file)), 'catalog.yaml'), dirname(dirname(file))], { uri: 'FOLDER/catalog.yaml', uriBaseId: '%SRCROOT%' }],
    ['absolute path outside the root', (file) => [file, join(dirname(file), 'elsewhere')], { uri: 'catalog.yaml' }],
    ['relative path leaving the root', (file) => [join('..', basename(dirname(file)), 'catalog.yaml'), join(dirname(dirname(file)), 'repo')], { uri: 'catalog.yaml' }],
  ])('%s: the catalog location is repo-relative or its bare name, never a local absolute path', (_name, args, expected) => {
    const file = aCatalogFile([[['gallery', 'name'], 'gal-golden']]);
    const [catalog, root] = args(file);
    const { stdout } = runCli(['--catalog', catalog, '--sarif'], root);
    expect(stdout).not.toContain(dirname(file));
    const log = JSON.parse(stdout) as { runs: { results: { locations: { physicalLocation?: { artifactLocation: unknown } }[] }[] }[] };
    const locations = log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation?.artifactLocation) ?? [];
    expect(locations.length).toBeGreaterThan(0);
    const uri = expected.uri.replace('FOLDER', basename(dirname(file)));
    for (const location of locations) expect(location).toEqual({ ...expected, uri });
  });
});
