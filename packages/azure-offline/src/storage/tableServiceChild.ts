/**
 * The source of the child process that hosts Azurite's Table service (run with `node -e`, so it works the same from
 * the package's sources under vitest and from its build). Azurite runs in a child of its own because its LokiJS store
 * must be flushed by the process that holds it: the child closes gracefully when its stdin closes, which happens
 * however the parent ends, SIGKILL included, so no orphan keeps the state folder.
 *
 * argv: <TableServer module> <TableConfiguration module> <state folder, '' = in memory> <port>.
 * stdout: one JSON line `{"port":<bound port>}` once listening. Logs go to stderr.
 */
export const TABLE_SERVICE_CHILD_SCRIPT = String.raw`
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const [serverModule, configModule, location, port] = process.argv.slice(1);
const TableServer = require(serverModule).default;
const TableConfiguration = require(configModule).default;
const inMemory = location === '';
if (!inMemory) fs.mkdirSync(location, { recursive: true });
const config = new TableConfiguration(
  '127.0.0.1', Number(port), undefined,
  inMemory ? '__azurite_db_table__.json' : path.join(location, '__azurite_db_table__.json'),
  false, false, undefined, undefined,
  true /* loose */, true /* skipApiVersionCheck */,
  '', '', '', undefined, false, inMemory,
);
const server = new TableServer(config);
let closing;
function shutDown() {
  closing ??= server.close().then(
    () => process.exit(0),
    (error) => { process.stderr.write(String(error && error.stack || error) + '\n'); process.exit(1); },
  );
}
server.start().then(
  () => {
    const bound = /:(\d+)$/.exec(server.getHttpServerAddress());
    process.stdout.write(JSON.stringify({ port: Number(bound && bound[1]) }) + '\n');
    process.stdin.on('end', shutDown);
    process.stdin.on('error', shutDown);
    process.stdin.resume();
  },
  (error) => { process.stderr.write(String(error && error.stack || error) + '\n'); process.exit(1); },
);
process.on('SIGINT', shutDown);
process.on('SIGTERM', shutDown);
`;
