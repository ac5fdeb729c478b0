import { describe, expect, it } from 'vitest';
import { RUN_KINDS, RUN_STATUSES } from '../../../../shared/domain/runs/runRecord';
import { runAgainst } from './cliHarness';

/** The CLI passes --kind and --status to the API unchecked (docs/cli.md), so its help is where a user learns the values. */
describe('runs --help', () => {
  it('names every run kind and status the API filters on', async () => {
    const ran = await runAgainst(['runs', '--help'], () => ({ status: 500 }));
    // Commander may wrap a long description: an option's text runs until the next option.
    const help = ran.stdout.replace(/\s+/g, ' ');
    const values = (name: string) => (new RegExp(`--${name} <\\w+> (.*?) -`).exec(help)?.[1] ?? '').split(/, | or /).sort();
    expect(values('kind')).toEqual([...RUN_KINDS].sort());
    expect(values('status')).toEqual([...RUN_STATUSES].sort());
    expect(ran.sent).toEqual([]);
  });
});
