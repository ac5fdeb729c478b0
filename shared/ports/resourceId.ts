import { PortError } from './portError';
import { checkAzureName, type NameViolation } from '../domain/names';
import { quoted } from '../domain/quoted';

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  type: string;
  name: string;
}

// `.` and `..` are resolved away by URL parsing; `?`, `#`, `%`, `\` and control characters change the request; a lone
// surrogate makes URL encoding throw.
function unsafeSegment(segment: string): boolean {
  return segment === '.' || segment === '..' || /[?#%\\\p{Cc}\p{Cs}]/u.test(segment);
}

/**
 * Parses `/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}` case-insensitively (Event Grid and
 * some SDKs spell `resourcegroups` in lower case). Only top-level resources: that is all callers pass.
 */
export function parseResourceId(id: string): ParsedResourceId {
  const match = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)\/?$/i.exec(id.replace(/\/{2,}/g, '/'));
  if (!match) throw new PortError('BAD_REQUEST', `not a top-level resource ID: ${quoted(id, 300)}`);
  const [, subscriptionId, resourceGroup, provider, type, name] = match;
  if (!subscriptionId || !resourceGroup || !provider || !type || !name) {
    throw new PortError('BAD_REQUEST', `not a top-level resource ID: ${quoted(id, 300)}`);
  }
  // Last line of defence under the edges' naming checks: such a segment would make the SDK's URL another request.
  if ([subscriptionId, resourceGroup, name].some(unsafeSegment)) {
    throw new PortError('BAD_REQUEST', `resource ID has a segment no request path may carry: ${quoted(id, 300)}`);
  }
  return { subscriptionId, resourceGroup, provider, type, name };
}

/** Longer than any real ARM ID (a VM's is under 300 characters); longer values are refused before any regex runs. */
export const MAX_RESOURCE_ID_LENGTH = 1000;

const VM_ID = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.compute\/virtualmachines\/([^/]+)$/i;

export type VmIdCheck =
  | { ok: true; id: ParsedResourceId }
  /** `shape`: not a VM resource ID at all; `name`: one, but a segment breaks Azure's naming rules. */
  | { ok: false; problem: 'shape' | 'name'; message: string; violations: NameViolation[] };

/**
 * A VM resource ID from outside (a request body, an Event Grid event), checked segment by segment against Azure's
 * naming rules before it may become a request path: `…/virtualMachines/.` would otherwise be read as a list, and a
 * `?`, `#` or newline would change the request itself.
 */
export function checkVmId(id: string): VmIdCheck {
  const shape = (message: string): VmIdCheck => ({ ok: false, problem: 'shape', message, violations: [] });
  if (id.length > MAX_RESOURCE_ID_LENGTH) return shape(`is ${id.length} characters long; a resource ID has at most ${MAX_RESOURCE_ID_LENGTH}`);
  const match = VM_ID.exec(id);
  const [, subscriptionId = '', resourceGroup = '', name = ''] = match ?? [];
  if (!match) return shape('must be a virtual machine resource ID (/subscriptions/…/resourceGroups/…/providers/Microsoft.Compute/virtualMachines/…)');
  const violations = [
    ...checkAzureName('subscription', subscriptionId),
    ...checkAzureName('resourceGroup', resourceGroup),
    ...checkAzureName('virtualMachine', name),
  ];
  if (violations.length > 0) {
    return { ok: false, problem: 'name', message: violations.map((v) => `${v.message} (${v.rule})`).join('; '), violations };
  }
  return { ok: true, id: { subscriptionId, resourceGroup, provider: 'Microsoft.Compute', type: 'virtualMachines', name } };
}
