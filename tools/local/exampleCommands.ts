import path from 'node:path';
import type { Catalog } from '../../shared/domain/catalog';
import type { LocalEndpoints } from './endpointsFile';
import type { LocalOptions } from './options';

/** Relative to where the user ran the command when it lies below it, else absolute. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** The banner `npm run local` prints: where everything listens and curl commands that work as printed. */
export function exampleCommands(endpoints: LocalEndpoints, catalog: Catalog, options: LocalOptions): string {
  const fn = endpoints.functions;
  const arm = endpoints.arm;
  const image = catalog.images[0]?.name ?? '<image>';
  const captureVm = `/subscriptions/${endpoints.subscriptionId}/resourceGroups/rg-captures/providers/Microsoft.Compute/virtualMachines/vm-golden-candidate`;
  const ca = `--cacert ${endpoints.armCaFile}`;
  return `
Image Autopilot is running (clock ×${options.clockSpeed}, state in ${endpoints.stateDir}).

  Functions host   ${fn}   (routes under /api, admin under /admin, Durable API under /runtime/webhooks/durabletask)
  Emulated ARM     ${arm}   (CA: ${endpoints.armCaFile}; control API under /_emulator, no token needed)
  Endpoints file   ${shownPath(options.endpointsFile)}

Try:
  curl -s ${fn}/api/images
  curl -s -X POST ${fn}/api/images/${image}/builds -H 'content-type: application/json' -d '{"reason":"try it"}'
  curl -s '<statusQueryGetUri from the answer above>'
  curl -s -X POST '${fn}/api/images/${image}/prune?dryRun=true'
  curl -s -X POST ${fn}/api/captures -H 'content-type: application/json' -d '{"vmId":"${captureVm}"}'
  curl -s -X POST ${fn}/api/policy/scans && curl -s ${fn}/api/policy/report
  curl -s -X POST ${fn}/admin/functions/scheduledRebuild -H 'content-type: application/json' -d '{"input":""}'
  curl -s ${ca} -X POST ${arm}/_emulator/marketplace -H 'content-type: application/json' \\
       -d '{"location":"${catalog.gallery.location}","publisher":"Canonical","offer":"0001-com-ubuntu-server-jammy","sku":"22_04-lts-gen2","version":"22.04.202612010"}'
  curl -s ${ca} -X POST ${arm}/_emulator/clock -H 'content-type: application/json' -d '{"advanceSeconds":86400}'
  curl -s ${ca} ${arm}/_emulator/requests
  curl -s ${ca} ${arm}/_emulator/topics/autopilot/events      # notifications the app published

Stop with Ctrl-C.
`;
}
