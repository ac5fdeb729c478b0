import { describe, expect, it } from 'vitest';
import { CatalogError, loadCatalog, readCatalogFile } from '../../../../shared/config';
import { aCatalog, linuxImage, removeAt, setAt, toYaml } from './catalogBuilder';
import { problemsOf } from './catalogProblems';

const load = (doc: Record<string, unknown>) => loadCatalog(toYaml(doc), 'test.yaml');

describe('loadCatalog: defaults and inheritance', () => {
  it('fills the documented built-in defaults', () => {
    const catalog = load(aCatalog());
    const linux = catalog.images[0];
    expect(linux?.definition).toEqual({
      publisher: 'contoso',
      offer: 'ubuntu',
      sku: '22_04-lts-gen2',
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
      architecture: 'x64',
      securityType: 'TrustedLaunchSupported',
    });
    expect(linux?.retention).toEqual({
      keepLatest: 3,
      minAgeDays: 7,
      maxAgeDays: null,
      deprecateBeforeDeleteDays: 7,
      maxDeletionsPerRun: 10,
      maxDeleteShare: 0.5,
      protectTag: 'autopilot-retain',
      mode: 'dryRun',
    });
    expect(linux?.rebuild).toEqual({ onBaseImageChange: true, onRecipeChange: true, maxAgeDays: 30, pauseAfterFailures: 3 });
    expect(linux?.versioning).toEqual({ scheme: 'semver', major: 1 });
    expect(linux?.baseImage).toMatchObject({ type: 'marketplace', version: 'latest' });
    expect(linux?.customization.map((s) => s.timeoutSeconds)).toEqual([1800, 1800]);
    expect(linux?.tags).toEqual({});
    expect(catalog.gallery.allowPruneWhenShared).toBe(false);
    expect(catalog.staging.vmSize).toBe('Standard_D2s_v5');
    expect(catalog.policy).toEqual({
      naming: { gallery: 'gal_[a-z0-9]+(?:_[a-z0-9]+)*', imageDefinition: '[a-z][a-z0-9]*(?:-[a-z0-9]+)*', version: '[0-9]+\\.[0-9]+\\.[0-9]+' },
      leastPrivilege: { allowedPrincipals: [], maxSubscriptionOwners: 3, maxDirectUserAssignments: 5 },
      sharing: { allow: { subscriptions: [], tenants: [], community: false } },
      enforce: 'report',
    });
  });

  it('merges defaults into images key by key, the image winning', () => {
    const doc = aCatalog();
    setAt(doc, 'defaults.retention', { keepLatest: 5, mode: 'apply' });
    setAt(doc, 'defaults.tags', { owner: 'platform', env: 'prod' });
    setAt(doc, 'defaults.definition', { architecture: 'Arm64' });
    setAt(doc, 'defaults.customizationTimeoutSeconds', 600);
    setAt(doc, 'images[0].retention', { mode: 'dryRun' });
    setAt(doc, 'images[0].tags', { env: 'dev' });
    setAt(doc, 'images[0].customization[1].timeoutSeconds', 120);
    // An Arm64 size, so the Arm64 default fits: the default build options merge under the image's own.
    setAt(doc, 'defaults.build', { vmSize: 'Standard_D4ps_v5', tags: { costCenter: 'cc1', env: 'build' } });
    setAt(doc, 'images[0].build', { osDiskSizeGb: 64, tags: { env: 'build-dev' } });
    const [linux, windows] = load(doc).images;
    expect(linux?.build).toEqual({ vmSize: 'Standard_D4ps_v5', osDiskSizeGb: 64, tags: { costCenter: 'cc1', env: 'build-dev' } });
    expect(windows?.build).toEqual({ vmSize: 'Standard_D4ps_v5', tags: { costCenter: 'cc1', env: 'build' } });
    expect(linux?.retention).toMatchObject({ keepLatest: 5, mode: 'dryRun', protectTag: 'autopilot-retain' });
    expect(windows?.retention).toMatchObject({ keepLatest: 5, mode: 'apply' });
    expect(linux?.tags).toEqual({ owner: 'platform', env: 'dev' });
    expect(windows?.tags).toEqual({ owner: 'platform', env: 'prod' });
    expect(linux?.definition.architecture).toBe('Arm64');
    expect(linux?.customization.map((s) => s.timeoutSeconds)).toEqual([600, 120]);
  });

  it('loads file steps on Linux and Windows images, with their OS\'s absolute paths', () => {
    const doc = aCatalog();
    const file = { name: 'conf', type: 'file', source: 'https://example.com/app.conf', sha256: 'C'.repeat(64) };
    setAt(doc, 'images[0].customization[2]', { ...file, destination: '/etc/app/app.conf', continueOnError: true });
    setAt(doc, 'images[1].customization[1]', { ...file, destination: 'C:\\app\\app.conf' });
    const [linux, windows] = load(doc).images;
    expect(linux?.customization[2]).toEqual({ ...file, sha256: 'c'.repeat(64), destination: '/etc/app/app.conf', continueOnError: true, timeoutSeconds: 1800 });
    expect(windows?.customization[1]?.destination).toBe('C:\\app\\app.conf');
  });

  it('replaces lists instead of merging them', () => {
    const doc = setAt(aCatalog(), 'images[1].targetRegions', [{ name: 'westeurope', storageAccountType: 'Premium_LRS' }]);
    const [linux, windows] = load(doc).images;
    expect(linux?.targetRegions).toEqual([
      { name: 'westeurope', replicas: 2, storageAccountType: 'Standard_LRS' },
      { name: 'northeurope', replicas: 1, storageAccountType: 'Standard_LRS' },
    ]);
    expect(windows?.targetRegions).toEqual([{ name: 'westeurope', replicas: 1, storageAccountType: 'Premium_LRS' }]);
  });

  it('normalizes region names and lower-cases GUIDs and hashes', () => {
    const doc = aCatalog();
    setAt(doc, 'gallery.location', 'West Europe');
    setAt(doc, 'defaults.targetRegions', [{ name: 'WestEurope' }, { name: 'North Europe' }]);
    setAt(doc, 'images[0].customization[1].sha256', 'ABCDEF'.repeat(10) + 'ABCD');
    const catalog = load(doc);
    expect(catalog.gallery.location).toBe('westeurope');
    expect(catalog.images[0]?.targetRegions.map((r) => r.name)).toEqual(['westeurope', 'northeurope']);
    expect(catalog.images[0]?.customization[1]?.sha256).toBe('abcdef'.repeat(10) + 'abcd');
  });

  it('reports a broken default once, at the default, not once per image', () => {
    const problems = problemsOf(setAt(aCatalog(), 'defaults.targetRegions[0].replicas', 0));
    expect(problems).toEqual([{ path: 'defaults.targetRegions[0].replicas', message: 'must be 1..100, got 0', line: expect.any(Number) }]);
  });

  it('still checks images against the valid defaults when another default is broken', () => {
    const doc = setAt(aCatalog(), 'defaults.retention', { keepLatest: 0 });
    setAt(doc, 'images[1].customization[0].type', 'shell');
    expect(problemsOf(doc).map((p) => p.path)).toEqual(['defaults.retention.keepLatest', 'images[1].customization[0].type']);
  });

  it('accepts another catalog image as the base, pinned or following latest (layered images)', () => {
    const id = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_test/images/ubuntu-2204-base';
    const doc = setAt(aCatalog(), 'images[2]', linuxImage('ubuntu-2204-docker', 'docker'));
    setAt(doc, 'images[2].baseImage', { type: 'gallery', imageId: `${id}/versions/1.0.3` });
    expect(load(doc).images[2]?.baseImage).toEqual({ type: 'gallery', imageId: `${id}/versions/1.0.3` });
    setAt(doc, 'images[2].baseImage.imageId', id);
    expect(load(doc).images[2]?.baseImage).toEqual({ type: 'gallery', imageId: id });
  });
});

describe('loadCatalog: reporting', () => {
  it('lists every problem at once: three problems in three places give three entries', () => {
    const doc = setAt(aCatalog(), 'images[0].targetRegions', [{ name: 'westeurope', replicas: 0 }]);
    setAt(doc, 'images[1].customization[0].type', 'shell');
    setAt(doc, 'scopes.usage', ['not-a-scope']);
    let error: unknown;
    try {
      load(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    const catalogError = error as CatalogError;
    // In document order, whichever check found them.
    expect(catalogError.problems.map((p) => p.path)).toEqual(['scopes.usage[0]', 'images[0].targetRegions[0].replicas', 'images[1].customization[0].type']);
    expect(catalogError.message).toMatch(/^Invalid catalog test\.yaml \(3 problems\):/);
    expect(catalogError.message).toContain('images[0].targetRegions[0].replicas: must be 1..100, got 0');
    expect(catalogError.message.split('\n')).toHaveLength(4);
  });

  it('points each problem at its YAML line', () => {
    const yaml = toYaml(setAt(aCatalog(), 'images[1].versioning.major', -1));
    const line = yaml.split('\n').findIndex((l) => l.includes('major: -1')) + 1;
    expect(problemsOf(yaml)).toEqual([{ path: 'images[1].versioning.major', message: 'must be 0..2147483647, got -1', line }]);
  });

  it.each([
    ['an unclosed flow list', 'gallery: [a, b\nstaging: {}\n', /^line 2, column \d+$/, /^YAML syntax: /],
    ['a duplicate key', 'gallery: {}\ngallery: {}\n', /^line 2, column 1$/, /unique/],
    ['a tab indent', 'gallery:\n\tname: x\n', /^line \d+, column \d+$/, /^YAML syntax: /],
  ])('reports YAML syntax errors with line and column: %s', (_name, yaml, path, message) => {
    const problems = problemsOf(yaml);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.path).toMatch(path);
      expect(problem.message).toMatch(message);
    }
  });

  it.each([
    ['an empty file', '', '(root)', 'must be a mapping, got null'],
    ['a list', '- a\n- b\n', '(root)', 'must be a mapping, got a list of 2'],
    ['a scalar', 'hello', '(root)', 'must be a mapping, got string "hello"'],
  ])('rejects %s as the document', (_name, yaml, path, message) => {
    expect(problemsOf(yaml)).toEqual([{ path, message }]);
  });

  it('gives naming problems the rule id of checkName, for reports that key on it', () => {
    const problems = problemsOf(setAt(aCatalog(), 'gallery.name', 'gal-test'));
    expect(problems.map((p) => p.rule)).toEqual(['azure.gallery.charset', 'convention.gallery']);
  });

  it('names a misspelt top-level section and the missing one', () => {
    const doc = aCatalog();
    doc.galery = doc.gallery;
    removeAt(doc, 'gallery');
    const problems = problemsOf(doc);
    expect(problems.map((p) => [p.path, p.message])).toEqual(
      expect.arrayContaining([
        ['gallery', 'required (a mapping)'],
        ['galery', expect.stringMatching(/^unknown key \(did you mean "gallery"\?\)/)],
      ]),
    );
  });

  it('stops an alias bomb instead of expanding it', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const problems = problemsOf(levels.join('\n'));
    expect(problems).toEqual([{ path: '(yaml)', message: expect.stringMatching(/^YAML could not be read: .*alias/i) }]);
  });

  it('readCatalogFile names the file in its error', () => {
    expect(() => readCatalogFile('does/not/exist.yaml')).toThrow(/Invalid catalog does\/not\/exist\.yaml \(1 problem\):\n {2}- \(file\): cannot read the catalog file: ENOENT/);
  });
});
