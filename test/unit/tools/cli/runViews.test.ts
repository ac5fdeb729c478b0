import { describe, expect, it } from 'vitest';
import type { Run } from '../../../../tools/cli/apiShapes';
import { runDetail } from '../../../../tools/cli/runViews';

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
