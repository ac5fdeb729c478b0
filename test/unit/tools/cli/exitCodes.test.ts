import { describe, expect, it } from 'vitest';
import { exitCodeOfHttpStatus, exitCodeOfRunStatus } from '../../../../tools/cli/exitCodes';
import { runAgainst } from './cliHarness';

const URL_ = 'http://app.test:7071';

describe('exit codes', () => {
  it.each([
    ['Completed', 0],
    ['Degraded', 1],
    ['Failed', 1],
    ['Cancelled', 1],
  ])('a followed run that ends %s exits %i', async (status, code) => {
    expect(exitCodeOfRunStatus(status)).toBe(code);
    const run = await runAgainst(['build', 'u', '--wait', '--url', URL_], (_s, i) =>
      i === 0 ? { status: 202, body: { runId: 'b-1' } } : { status: 200, body: { runId: 'b-1', status, error: status === 'Completed' ? null : { code: 'STEP_FAILED', step: 'customize', message: 'exit 3' } } },
    );
    expect(run.code).toBe(code);
    if (code === 1) expect(run.stderr).toContain(`b-1 ended ${status}: STEP_FAILED in customize: exit 3`);
  });

  it.each([
    [400, 'VALIDATION_FAILED', 2],
    [403, 'POLICY_BLOCKED', 2],
    [404, 'NOT_FOUND', 2],
    [409, 'BUILD_RUNNING', 2],
    [500, 'INTERNAL', 1],
    [502, 'ARM_ERROR', 1],
    [503, 'DURABLE_UNAVAILABLE', 3],
    [503, 'ARM_THROTTLED', 3],
  ])('an API answer %i %s exits %i and prints the code, message and details', async (status, code, exit) => {
    expect(exitCodeOfHttpStatus(status)).toBe(exit);
    const run = await runAgainst(['build', 'u', '--url', URL_], () => ({ status, body: { error: { code, message: `the message of ${code}`, details: [{ path: 'image', message: 'the detail' }] } } }));
    expect(run.code).toBe(exit);
    expect(run.stderr).toBe(`error: ${status} ${code}: the message of ${code}\n  image: the detail\n`);
  });

  it.each([
    [['bogus'], 2],
    [['build'], 2],
    [['runs', '--top'], 2],
    [['images', '--url', 'not a url'], 2],
    [['images', '--url', 'ftp://x'], 2],
    [['--help'], 0],
  ])('%j exits %i without sending anything', async (argv, code) => {
    const run = await runAgainst(argv, () => ({ status: 200, body: {} }));
    expect(run.code).toBe(code);
    expect(run.sent).toEqual([]);
  });

  it('a fetch that cannot connect exits 3', async () => {
    const refused = (async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    }) as typeof fetch;
    const run = await runAgainst(['images', '--url', URL_], () => ({ status: 200 }), { fetch: refused });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('ECONNREFUSED');
  });

  it('a 200 that is not JSON (not the app) exits 3', async () => {
    const html = (async () => new Response('<html>', { status: 200 })) as typeof fetch;
    const run = await runAgainst(['images', '--url', URL_], () => ({ status: 200 }), { fetch: html });
    expect(run.code).toBe(3);
  });
});
