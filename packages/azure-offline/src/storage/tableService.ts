import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { TABLE_SERVICE_CHILD_SCRIPT } from './tableServiceChild';

/** Azurite's well-known development account: public, documented, and accepted by nothing but the emulator. */
export const DEV_STORE_ACCOUNT = 'devstoreaccount1';
export const DEV_STORE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface TableServiceOptions {
  /** Folder for the service's LokiJS database; undefined keeps everything in memory. */
  location?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Receives the service's own log lines (its stderr). */
  log?: (line: string) => void;
}

export interface TableService {
  /** http://127.0.0.1:<port>/devstoreaccount1 */
  endpoint: string;
  /** A full connection string, as an app setting such as AzureWebJobsStorage takes it. */
  connectionString: string;
  /** The service's process: `npm run local` records it in its state lock, so a takeover waits for it to end. */
  pid: number;
  /** Closes the service gracefully (its database flushed) and waits for its process to end. */
  stop(): Promise<void>;
}

/** Starts Azurite's Table service in a child process: see tableServiceChild.ts for why a child. */
export async function startTableService(options: TableServiceOptions = {}): Promise<TableService> {
  const requireHere = createRequire(__filename);
  const child = spawn(
    process.execPath,
    [
      '-e',
      TABLE_SERVICE_CHILD_SCRIPT,
      requireHere.resolve('azurite/dist/src/table/TableServer'),
      requireHere.resolve('azurite/dist/src/table/TableConfiguration'),
      options.location ?? '',
      String(options.port ?? 0),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const log = options.log ?? (() => undefined);
  let stderr = '';
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderr = `${stderr}${line}\n`.slice(-4000);
    log(line);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const port = (JSON.parse(line) as { port?: unknown }).port;
      if (typeof port === 'number' && port > 0) resolve(port);
      else reject(new Error(`the Table service reported no port: ${line}`));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the Table service exited (${signal ?? code}) before listening: ${stderr.trim()}`)));
  });

  const endpoint = `http://127.0.0.1:${port}/${DEV_STORE_ACCOUNT}`;
  return {
    endpoint,
    pid: child.pid ?? -1,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${DEV_STORE_ACCOUNT};AccountKey=${DEV_STORE_ACCOUNT_KEY};TableEndpoint=${endpoint};`,
    stop: async () => {
      // Closing stdin is the shutdown request; the child flushes its store and exits.
      if (child.exitCode === null && child.signalCode === null) child.stdin.end();
      await exited;
    },
  };
}
