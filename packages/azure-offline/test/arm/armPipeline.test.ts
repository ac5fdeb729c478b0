import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createArmHandler } from '../../src/arm/armServer';
import type { Clock } from '../../src/clock';
import { createClock } from '../../src/clock';
import { FaultRegistry } from '../../src/arm/faults';
import { RequestLog } from '../../src/arm/requestLog';
import { StateStore } from '../../src/arm/stateStore';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** The ARM pipeline on plain HTTP with a given clock, to reach failure paths no well-formed request reaches. */
async function pipeline(clock: Clock, lines: string[]): Promise<string> {
  const handler = createArmHandler({
    ctx: { store: new StateStore(undefined), clock, settings: { replicationSecondsPerRegion: 1, provisioningSeconds: 1, runCommandSeconds: 1, principalReplicationSeconds: 1, pollRetryAfterSeconds: 0 }, log: (line) => lines.push(line) },
    faults: new FaultRegistry(),
    requests: new RequestLog(),
    throttling: false,
    origin: () => 'https://127.0.0.1',
    control: async (_req, res) => {
      res.end();
    },
  });
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the ARM pipeline', () => {
  it('turns an internal failure into a logged 500 InternalServerError with ARM error shape', async () => {
    const virtual = createClock({ mode: 'virtual' });
    let calls = 0;
    const breaking: Clock = { ...virtual, now: () => (++calls === 1 ? (() => { throw new Error('clock exploded'); })() : virtual.now()) };
    const lines: string[] = [];
    const base = await pipeline(breaking, lines);
    const response = await fetch(`${base}/subscriptions/s/resourceGroups/rg?api-version=2021-04-01`, { headers: { Authorization: 'Bearer x' } });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: 'InternalServerError', message: 'clock exploded' } });
    expect(lines.some((l) => l.includes('clock exploded'))).toBe(true);
  });

  it('answers 413 to a body over 4 MiB', async () => {
    const base = await pipeline(createClock({ mode: 'virtual' }), []);
    const response = await fetch(`${base}/subscriptions/s/resourceGroups/rg?api-version=2021-04-01`, { method: 'PUT', headers: { Authorization: 'Bearer x' }, body: 'x'.repeat(5 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('RequestEntityTooLarge');
    const after = await fetch(`${base}/subscriptions/s?api-version=2021-04-01`, { headers: { Authorization: 'Bearer x' } });
    expect(after.status).toBe(404);
  });
});
