import fs from 'node:fs';
import path from 'node:path';

/** What `.local/endpoints.json` promises to tools and acceptance checks (issue 5). */
export interface LocalEndpoints {
  functions: string;
  arm: string;
  armCaFile: string;
  /** Azurite's Table service (http://127.0.0.1:<port>/devstoreaccount1): the app's AzureWebJobsStorage. */
  tableEndpoint: string;
  subscriptionId: string;
  galleryId: string;
  stagingResourceGroup: string;
  stateDir: string;
  /** An Operator's bearer token from the emulated Entra ID (sign-in on, the default): `npx image-autopilot` sends it. */
  token?: string;
  /** The function key the local host checks with AUTH_MODE=keys. */
  functionKey?: string;
}

/** Written atomically (temp file + rename) so a reader never sees half a file. */
export function writeEndpointsFile(file: string, endpoints: LocalEndpoints): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(endpoints, null, 2) + '\n');
  fs.renameSync(temp, file);
}

export function removeEndpointsFile(file: string): void {
  fs.rmSync(file, { force: true });
}
