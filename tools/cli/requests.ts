/** What each command sends (docs/http-api.md#routes); pure, so the mapping is tested without a server. */
export interface ApiRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  accept?: string;
}

const seg = encodeURIComponent;

export interface RunsFilter {
  image?: string;
  kind?: string;
  status?: string;
  top?: string;
  next?: string;
}

/** The import source options; exactly one kind is the API's rule (400 naming `source` otherwise), not the CLI's. */
export interface ImportSourceOptions {
  managedImage?: string;
  snapshot?: string;
  disk?: string;
  vhd?: string;
  storageAccount?: string;
}

function importSource(o: ImportSourceOptions): Record<string, string> {
  const fields: [string, string | undefined][] = [
    ['managedImageId', o.managedImage],
    ['snapshotId', o.snapshot],
    ['diskId', o.disk],
    ['vhdUri', o.vhd],
    ['storageAccountId', o.storageAccount],
  ];
  return Object.fromEntries(fields.filter((f): f is [string, string] => f[1] !== undefined));
}

export const requests = {
  images: (): ApiRequest => ({ method: 'GET', path: '/api/images' }),
  image: (name: string): ApiRequest => ({ method: 'GET', path: `/api/images/${seg(name)}` }),
  build: (image: string, reason?: string): ApiRequest => ({ method: 'POST', path: `/api/images/${seg(image)}/builds`, body: reason === undefined ? {} : { reason } }),
  capture: (vmId: string, image?: string): ApiRequest => ({ method: 'POST', path: '/api/captures', body: image === undefined ? { vmId } : { vmId, image } }),
  import: (image: string, source: ImportSourceOptions): ApiRequest => ({ method: 'POST', path: '/api/imports', body: { image, source: importSource(source) } }),
  runs: (filter: RunsFilter): ApiRequest => ({ method: 'GET', path: '/api/runs', query: { ...filter } }),
  run: (runId: string): ApiRequest => ({ method: 'GET', path: `/api/runs/${seg(runId)}` }),
  cancel: (runId: string): ApiRequest => ({ method: 'POST', path: `/api/runs/${seg(runId)}/cancel`, body: {} }),
  resume: (image: string): ApiRequest => ({ method: 'POST', path: `/api/images/${seg(image)}/resume`, body: {} }),
  prune: (image: string, apply: boolean): ApiRequest => ({ method: 'POST', path: `/api/images/${seg(image)}/prune`, query: { dryRun: apply ? 'false' : 'true' } }),
  promote: (image: string, version: string): ApiRequest => ({ method: 'POST', path: `/api/images/${seg(image)}/versions/${seg(version)}/promote`, body: {} }),
  policyScan: (): ApiRequest => ({ method: 'POST', path: '/api/policy/scans', body: {} }),
  policyReport: (sarif: boolean): ApiRequest =>
    sarif ? { method: 'GET', path: '/api/policy/report', query: { format: 'sarif' }, accept: 'application/sarif+json' } : { method: 'GET', path: '/api/policy/report' },
};
