import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { afterAll, describe, expect, it } from 'vitest';
import { startTableService, type TableService } from '../../src';
import { PACKAGE_ROOT } from '../paths';

const dir = mkdtempSync(join(tmpdir(), 'table-service-'));
const started: TableService[] = [];
afterAll(async () => {
  for (const service of started) await service.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function start(location?: string): Promise<TableService> {
  const service = await startTableService({ location });
  started.push(service);
  return service;
}

const client = (service: TableService, table: string) =>
  TableClient.fromConnectionString(service.connectionString, table, { allowInsecureConnection: true });

async function writeRun(service: TableService, table: string, rowKey: string): Promise<void> {
  await client(service, table).createTable();
  await client(service, table).createEntity({ partitionKey: 'run', rowKey, status: 'Running' });
}

async function readStatus(service: TableService, table: string, rowKey: string): Promise<unknown> {
  return (await client(service, table).getEntity<{ status: string }>('run', rowKey)).status;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Table service (Azurite)', () => {
  it('serves tables in memory on a free port, with a full connection string', async () => {
    const service = await start();
    expect(service.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
    expect(service.connectionString).toBe(
      `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=${service.endpoint};`,
    );
    await writeRun(service, 'runsmemory', 'r1');
    expect(await readStatus(service, 'runsmemory', 'r1')).toBe('Running');
  });

  it('keeps nothing in memory mode once stopped', async () => {
    const first = await start();
    await writeRun(first, 'runsgone', 'r1');
    await first.stop();
    const second = await start();
    await expect(readStatus(second, 'runsgone', 'r1')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('keeps what it stored at a location across stop and start', async () => {
    const location = join(dir, 'persisted');
    const first = await start(location);
    await writeRun(first, 'runskept', 'r1');
    await first.stop();
    const second = await start(location);
    expect(await readStatus(second, 'runskept', 'r1')).toBe('Running');
  });

  it('ends with its parent even when the parent is SIGKILLed, flushing what was written', async () => {
    const location = join(dir, 'orphan');
    // The parent is a process of its own running the package's build, as npm run local does.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(join(PACKAGE_ROOT, 'dist/src/storage/tableService.js'))}).startTableService({ location: process.argv[1] })
           .then((s) => process.stdout.write(JSON.stringify({ connectionString: s.connectionString, pid: s.pid }) + '\\n'));`,
        location,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const { connectionString, pid } = await new Promise<{ connectionString: string; pid: number }>((resolve, reject) => {
      parent.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as { connectionString: string; pid: number }));
      parent.once('exit', (code) => reject(new Error(`the parent exited with ${code}`)));
    });
    expect(isAlive(pid)).toBe(true);
    const viaParent = { connectionString } as TableService;
    await writeRun(viaParent, 'runsorphan', 'r1');

    parent.kill('SIGKILL');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isAlive(pid)).toBe(false);

    const restarted = await start(location);
    expect(await readStatus(restarted, 'runsorphan', 'r1')).toBe('Running');
  });
});
