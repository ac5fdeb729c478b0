import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAgainst } from './cliHarness';

const URL_ = 'http://app.test:7071';
const started = { status: 202, body: { runId: 'build-x-1', id: 'build-x-1' } };

describe('argument → request mapping', () => {
  it.each([
    [['images'], 'GET', '/api/images', undefined],
    [['image', 'ubuntu-web'], 'GET', '/api/images/ubuntu-web', undefined],
    [['image', 'a b/c'], 'GET', '/api/images/a%20b%2Fc', undefined],
    [['build', 'ubuntu-web'], 'POST', '/api/images/ubuntu-web/builds', {}],
    [['build', 'ubuntu-web', '--reason', 'CVE-1'], 'POST', '/api/images/ubuntu-web/builds', { reason: 'CVE-1' }],
    [['capture', '/subscriptions/s/vm'], 'POST', '/api/captures', { vmId: '/subscriptions/s/vm' }],
    [['capture', '/subscriptions/s/vm', '--image', 'win'], 'POST', '/api/captures', { vmId: '/subscriptions/s/vm', image: 'win' }],
    [['import', 'u', '--managed-image', '/subscriptions/s/img'], 'POST', '/api/imports', { image: 'u', source: { managedImageId: '/subscriptions/s/img' } }],
    [['import', 'u', '--snapshot', '/subscriptions/s/snap'], 'POST', '/api/imports', { image: 'u', source: { snapshotId: '/subscriptions/s/snap' } }],
    [['import', 'u', '--disk', '/subscriptions/s/disk'], 'POST', '/api/imports', { image: 'u', source: { diskId: '/subscriptions/s/disk' } }],
    [['import', 'u', '--vhd', 'https://st.blob.core.windows.net/v/a.vhd', '--storage-account', '/subscriptions/s/st'], 'POST', '/api/imports', { image: 'u', source: { vhdUri: 'https://st.blob.core.windows.net/v/a.vhd', storageAccountId: '/subscriptions/s/st' } }],
    // No source: the API's 400 names it, so the CLI sends what it was given.
    [['import', 'u'], 'POST', '/api/imports', { image: 'u', source: {} }],
    [['runs'], 'GET', '/api/runs', undefined],
    [['runs', '--image', 'u', '--kind', 'build', '--status', 'Failed', '--top', '5'], 'GET', '/api/runs?image=u&kind=build&status=Failed&top=5', undefined],
    [['run', 'build-x-1'], 'GET', '/api/runs/build-x-1', undefined],
    [['cancel', 'build-x-1'], 'POST', '/api/runs/build-x-1/cancel', {}],
    [['resume', 'u'], 'POST', '/api/images/u/resume', {}],
    [['prune', 'u'], 'POST', '/api/images/u/prune?dryRun=true', undefined],
    [['prune', 'u', '--apply'], 'POST', '/api/images/u/prune?dryRun=false', undefined],
    [['promote', 'u', '1.0.4'], 'POST', '/api/images/u/versions/1.0.4/promote', {}],
    [['policy', 'scan'], 'POST', '/api/policy/scans', {}],
    [['policy', 'report'], 'GET', '/api/policy/report', undefined],
    [['policy', 'report', '--sarif'], 'GET', '/api/policy/report?format=sarif', undefined],
  ])('%j → %s %s %j', async (argv, method, path, body) => {
    const run = await runAgainst([...argv, '--url', URL_], () => (method === 'POST' ? started : { status: 200, body: {} }));
    expect(run.sent).toHaveLength(1);
    expect(run.sent[0]).toMatchObject({ method, url: `${URL_}${path}`, body });
  });

  it.each([
    [{ url: 'http://flag.test' }, { IMAGE_AUTOPILOT_URL: 'http://env.test' }, 'http://flag.test/api/images'],
    [{}, { IMAGE_AUTOPILOT_URL: 'http://env.test/' }, 'http://env.test/api/images'],
  ])('the endpoint comes from --url before the environment (%j, %j)', async (flags, env, expected) => {
    const argv = ['images', ...('url' in flags ? ['--url', flags.url] : [])];
    const run = await runAgainst(argv, () => ({ status: 200, body: { images: [] } }), { env });
    expect(run.sent.map((s) => s.url)).toEqual([expected]);
  });

  it.each([
    [['--key', 'k1'], {}, 'k1'],
    [[], { IMAGE_AUTOPILOT_KEY: 'k2' }, 'k2'],
    [['--key', 'k1'], { IMAGE_AUTOPILOT_KEY: 'k2' }, 'k1'],
    [[], {}, undefined],
  ])('sends the function key %j %j as x-functions-key', async (flags, env, key) => {
    const run = await runAgainst(['images', '--url', URL_, ...flags], () => ({ status: 200, body: { images: [] } }), { env });
    expect(run.sent[0]?.headers['x-functions-key']).toBe(key);
  });

  it.each([
    ['--token', ['--token', 't1'], {}, { authorization: 'Bearer t1' }],
    ['IMAGE_AUTOPILOT_TOKEN', [], { IMAGE_AUTOPILOT_TOKEN: 't2' }, { authorization: 'Bearer t2' }],
    ['--token over the environment', ['--token', 't1'], { IMAGE_AUTOPILOT_TOKEN: 't2' }, { authorization: 'Bearer t1' }],
    ['a token over a key', [], { IMAGE_AUTOPILOT_TOKEN: 't2', IMAGE_AUTOPILOT_KEY: 'k2' }, { authorization: 'Bearer t2' }],
    ['an empty token, so the key', [], { IMAGE_AUTOPILOT_TOKEN: '', IMAGE_AUTOPILOT_KEY: 'k2' }, { 'x-functions-key': 'k2' }],
  ])('signs in with %s', async (_, flags, env, expected) => {
    const run = await runAgainst(['images', '--url', URL_, ...flags], () => ({ status: 200, body: { images: [] } }), { env });
    const sent = run.sent[0]?.headers ?? {};
    expect({ authorization: sent['authorization'], 'x-functions-key': sent['x-functions-key'] }).toEqual({ authorization: undefined, 'x-functions-key': undefined, ...expected });
  });

  it('signs in with the token npm run local wrote for that URL, and only for that URL', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cli-token-'));
    try {
      mkdirSync(join(root, '.local'));
      writeFileSync(join(root, '.local', 'endpoints.json'), JSON.stringify({ functions: URL_, token: 'local-operator' }));
      const local = await runAgainst(['images'], () => ({ status: 200, body: { images: [] } }), { cwd: root });
      expect(local.sent[0]?.headers['authorization']).toBe('Bearer local-operator');
      const elsewhere = await runAgainst(['images', '--url', 'https://func.example.net'], () => ({ status: 200, body: { images: [] } }), { cwd: root });
      expect(elsewhere.sent[0]?.headers['authorization']).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('with no --url, no environment and no endpoints file it is a usage error naming all three, and sends nothing', async () => {
    const run = await runAgainst(['images'], () => ({ status: 200 }));
    expect(run.code).toBe(2);
    expect(run.sent).toEqual([]);
    expect(run.stderr).toMatch(/--url/);
    expect(run.stderr).toMatch(/IMAGE_AUTOPILOT_URL/);
    expect(run.stderr).toMatch(/\.local\/endpoints\.json/);
  });

  it('--wait follows GET /api/runs/{runId} until the run is final, a line whenever the step or its detail changes when not on a TTY', async () => {
    const polls = [
      { status: 'Running', progress: { step: 'create-vm', detail: 'vm-1', percent: 10 } },
      { status: 'Running', progress: { step: 'create-vm', detail: 'vm-1', percent: 12 } },
      { status: 'Running', progress: { step: 'customize', detail: 'step 1/2: baseline', percent: 40 } },
      { status: 'Running', progress: { step: 'customize', detail: 'step 2/2: windows-update', percent: 55 } },
      { status: 'Running', progress: { step: 'customize', detail: 'step 2/2: windows-update, round 2', percent: 55 } },
      { status: 'Running', progress: { step: 'customize', detail: 'step 2/2: windows-update, round 2', percent: 60 } },
      { status: 'Completed', version: '1.0.4', progress: { step: 'done', detail: '', percent: 100 } },
    ];
    const run = await runAgainst(['build', 'u', '--wait', '--url', URL_], (_sent, i) => (i === 0 ? started : { status: 200, body: { runId: 'build-x-1', ...polls[i - 1] } }));
    expect(run.sent.map((s) => `${s.method} ${s.url}`)).toEqual([`POST ${URL_}/api/images/u/builds`, ...polls.map(() => `GET ${URL_}/api/runs/build-x-1`)]);
    expect(run.stdout).toBe(
      [
        '10% create-vm: vm-1',
        '40% customize: step 1/2: baseline',
        '55% customize: step 2/2: windows-update',
        '55% customize: step 2/2: windows-update, round 2',
        '100% done',
        'build-x-1 Completed (version 1.0.4)',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(0);
  });
});
