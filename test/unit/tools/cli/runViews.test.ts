import { describe, expect, it } from 'vitest';
import type { Run } from '../../../../tools/cli/apiShapes';
import { imageDetail } from '../../../../tools/cli/imageViews';
import { runDetail, runsTable } from '../../../../tools/cli/runViews';

const run = (customization: Run['customization']): Run => ({ runId: 'build-img-20261204120000-abc123', status: 'Completed', customization });
const BLOB = 'https://stiapx.blob.core.windows.net/run-logs/build-img-20261204120000-abc123/vm-build-1/01-install';

describe('run <runId>: customization entries', () => {
  it.each([
    [
      'links to the full output',
      { step: 'install', exitCode: 0, outputTail: 'done', errorTail: '', outputLogUri: `${BLOB}.output.log`, errorLogUri: `${BLOB}.error.log` },
      ['customization install (exit code 0)', `full output: ${BLOB}.output.log`, `full stderr: ${BLOB}.error.log`, 'done'],
    ],
    [
      'why only tails were kept',
      { step: 'install', exitCode: 0, outputTail: 'done', errorTail: '', log: { reason: 'RUN_LOGS_CONTAINER_URI is not set' } },
      ['customization install (exit code 0)', 'tails only: RUN_LOGS_CONTAINER_URI is not set', 'done'],
    ],
    ['neither (a restart step, or a record from before)', { step: 'reboot', exitCode: null, outputTail: 'restarted', errorTail: '' }, ['customization reboot (exit code -)', 'restarted']],
  ])('prints %s', (_name, entry, lines) => {
    const text = runDetail(run([entry]));
    expect(text.slice(text.indexOf('customization')).trimEnd().split('\n')).toEqual(lines);
  });
});

describe('runs and image tables: one line per run', () => {
  const failed = (message: string, code = 'STEP_FAILED'): Run => ({
    runId: 'build-img-20261204120000-abc123',
    kind: 'build',
    image: 'img',
    status: 'Failed',
    error: { code, step: 'customize', message },
  });
  const tables: [string, (run: Run) => string][] = [
    ['runs', (r) => runsTable([r, { runId: 'build-img-20261204110000-def456', status: 'Completed', version: '1.0.1' }])],
    ['image', (r) => imageDetail({ name: 'img', runs: [r, { runId: 'build-img-20261204110000-def456', status: 'Completed', version: '1.0.1' }] })],
  ];
  it.each(tables.flatMap(([name, table]) => [
    [name, table, 'STEP_FAILED: step 2/2 exited 1\nE: Unable to locate package foo\r\n  at line 3\n', 'STEP_FAILED in customize: step 2/2 exited 1 E: Unable to locate package foo at line 3'],
    [name, table, 'the VM did not answer', 'STEP_FAILED in customize: the VM did not answer'],
    [name, table, 'STEP_FAILED:no space', 'STEP_FAILED in customize: STEP_FAILED:no space'],
  ]))('%s table: the RESULT cell is one line with the code once', (_name, table, message, result) => {
    const text = table(failed(message));
    const rows = text.slice(text.indexOf('RUN ID')).trimEnd().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]?.endsWith(`  ${result}`)).toBe(true);
    expect(rows[2]).toMatch(/^build-img-20261204110000-def456 .* 1\.0\.1$/);
  });
});
