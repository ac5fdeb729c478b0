import path from 'node:path';
import type { Catalog } from '../../shared/domain/catalog';
import type { LocalEndpoints } from './endpointsFile';
import { localTokenLifetimeSeconds } from './localAccess';
import type { LocalOptions } from './options';

/** Relative to where the user ran the command when it lies below it, else absolute. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** One shell word whatever the path holds (spaces, quotes): the CA file lives under the user's state folder. */
function shellQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Reads a 202's check-status payload from stdin and prints its status URL; a 409 names the running instance under
 * `instance`. Node, because it is on every machine that runs this (jq is not).
 */
const STATUS_URL_OF_ANSWER = `node -p 'const b = JSON.parse(require("fs").readFileSync(0, "utf8")); (b.instance ?? b).statusQueryGetUri'`;

/**
 * The banner `npm run local` prints: where everything listens and commands that work as printed, pasted in order
 * into bash or zsh. Starting a build or a scan answers 202 before the work is done, so the commands keep the answer's
 * status URL in a shell variable, and the report is read only once the scan's status answers 200 (finished).
 */
export function exampleCommands(endpoints: LocalEndpoints, catalog: Catalog, options: LocalOptions): string {
  const fn = endpoints.functions;
  // The CLI finds the default endpoints file by itself; one written elsewhere (--endpoints-file) it cannot guess.
  const cliUrl = options.endpointsFile === path.resolve('.local', 'endpoints.json') ? '' : ` --url ${fn}`;
  const arm = endpoints.arm;
  const image = catalog.images[0]?.name ?? '<image>';
  const captureVm = `/subscriptions/${endpoints.subscriptionId}/resourceGroups/rg-captures/providers/Microsoft.Compute/virtualMachines/vm-golden-candidate`;
  const managedImage = `/subscriptions/${endpoints.subscriptionId}/resourceGroups/rg-captures/providers/Microsoft.Compute/images/img-portal-ubuntu-2204`;
  const ca = `--cacert ${shellQuoted(endpoints.armCaFile)}`;
  // Every /api call carries the caller: a bearer token (sign-in, the default) or the function key (AUTH_MODE=keys). The
  // CLI reads the same variables, so its line works with any endpoints file.
  const keys = endpoints.functionKey !== undefined;
  const credential = keys
    ? `export IMAGE_AUTOPILOT_KEY=${shellQuoted(endpoints.functionKey ?? '')}; AUTH="x-functions-key: $IMAGE_AUTOPILOT_KEY"`
    : `export IMAGE_AUTOPILOT_TOKEN=${shellQuoted(endpoints.token ?? '')}; AUTH="authorization: Bearer $IMAGE_AUTOPILOT_TOKEN"`;
  const who = keys
    ? 'AUTH_MODE=keys: /api routes need the function key (first line below).'
    : `Signed in as an Operator of the emulated Entra ID (the token is the first line below; npx image-autopilot uses it).
Roles: ImageAutopilot.Reader reads, .Operator builds, captures, scans, cancels; .Admin also applies prunes and promotes.
Mint another (e.g. a Reader) with the _emulator/tokens line below and pass it to the CLI with --token; both last at least
two years of the emulated clock (×${options.clockSpeed}), clock advances and restarts on the same --state included.`;
  const a = '-H "$AUTH"';
  return `
Image Autopilot is running (clock ×${options.clockSpeed}, state in ${endpoints.stateDir}).

  Functions host   ${fn}   (routes under /api, admin under /admin, Durable API under /runtime/webhooks/durabletask)
  Status page      ${fn}/api/ui   (open it in a browser: images, replication, runs, policy; docs/ui.md)
  Emulated ARM     ${arm}   (CA: ${endpoints.armCaFile}; control API under /_emulator, no token needed)
  Table service    ${endpoints.tableEndpoint}   (Azurite: the app's AzureWebJobsStorage, the run history's tables)
  Endpoints file   ${shownPath(options.endpointsFile)}

${who}

Try (paste in order into bash or zsh; the first line goes to the project's folder, where npx finds this CLI):
  cd ${shellQuoted(path.resolve('.'))}
  ${credential}
  curl -s ${a} ${fn}/api/images
  npx image-autopilot images${cliUrl}      # the same through the CLI (docs/cli.md): build ${image} --wait, runs, cancel, …
  build=$(curl -s ${a} -X POST ${fn}/api/images/${image}/builds -H 'content-type: application/json' -d '{"reason":"try it"}' | ${STATUS_URL_OF_ANSWER})
  curl -s "$build"      # the build's status; run it again to follow it until runtimeStatus is Completed
  curl -s ${a} '${fn}/api/runs?image=${image}&top=5'      # the image's runs, newest first (cancel one: docs/http-api.md#cancel-a-run)
  curl -s ${a} ${fn}/api/images/${image}      # one image: its versions, pause state and last five runs
  curl -s ${a} -X POST '${fn}/api/images/${image}/prune?dryRun=true'
  curl -s ${a} -X POST ${fn}/api/captures -H 'content-type: application/json' -d '{"vmId":"${captureVm}"}'
  curl -s ${a} -X POST ${fn}/api/imports -H 'content-type: application/json' -d '{"image":"${image}","source":{"managedImageId":"${managedImage}"}}'      # a portal-captured managed image into the gallery (docs/import.md)
  scan=$(curl -s ${a} -X POST ${fn}/api/policy/scans | ${STATUS_URL_OF_ANSWER})
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$scan")" = 200 ]; do sleep 1; done; curl -s ${a} ${fn}/api/policy/report
  curl -s -X POST ${fn}/admin/functions/scheduledRebuild -H 'content-type: application/json' -d '{"input":""}'
  curl -s ${ca} -X POST ${arm}/_emulator/marketplace -H 'content-type: application/json' \\
       -d '{"location":"${catalog.gallery.location}","publisher":"Canonical","offer":"0001-com-ubuntu-server-jammy","sku":"22_04-lts-gen2","version":"22.04.202612010"}'
  curl -s ${ca} -X POST ${arm}/_emulator/clock -H 'content-type: application/json' -d '{"advanceSeconds":86400}'
  curl -s ${ca} ${arm}/_emulator/requests
  curl -s ${ca} -X POST ${arm}/_emulator/tokens -H 'content-type: application/json' -d '{"name":"reader@contoso.test","roles":["ImageAutopilot.Reader"],"lifetimeSeconds":${localTokenLifetimeSeconds(options.clockSpeed)}}'
  curl -s ${ca} ${arm}/_emulator/topics/autopilot/events      # notifications the app published

Stop with Ctrl-C.
`;
}
