import { Command, Option } from 'commander';
import { isStarted, type Image, type PolicyReport, type PrunePlan, type Run } from './apiShapes';
import { createContext, type CliIo, type CommandContext, type GlobalOptions } from './context';
import { KEY_ENV, TOKEN_ENV, URL_ENV } from './endpoint';
import { ApiError, UnreachableError } from './errors';
import { EXIT, exitCodeOfError, type ExitCode } from './exitCodes';
import { imageDetail, imagesTable } from './imageViews';
import { policyReportText, prunePlanText } from './policyViews';
import { requests, type ImportSourceOptions } from './requests';
import { runDetail, runsTable } from './runViews';

type Action = (ctx: CommandContext, ...args: never[]) => Promise<ExitCode>;

/** A 202 that started (or named) a run: followed with --wait, else its ID and how to follow it. */
async function started(ctx: CommandContext, body: unknown, wait: boolean | undefined): Promise<ExitCode> {
  if (!isStarted(body)) throw new UnreachableError(`the answer names no run: ${JSON.stringify(body).slice(0, 200)}`);
  if (wait === true) return ctx.follow(body.runId);
  ctx.print(body, () => `started ${body.runId}\nfollow it: npx image-autopilot run ${body.runId}   (or add --wait)\n`);
  return EXIT.ok;
}

function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const details = error.details.map((d) => `  ${d.path}: ${d.message}\n`).join('');
    return `error: ${error.status} ${error.code}: ${error.message}\n${details}`;
  }
  return `error: ${error instanceof Error ? error.message : String(error)}\n`;
}

/** Parses argv, runs one command against the app's HTTP API and answers the exit code (docs/cli.md#exit-codes). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const program = new Command('image-autopilot')
    .description('Drive Image Autopilot from a terminal: every command is one call of its HTTP API.')
    .addOption(new Option('--url <url>', `the app's base URL (else $${URL_ENV}, else .local/endpoints.json of npm run local)`))
    .addOption(new Option('--token <token>', `Entra ID access token, sent as a bearer token (else $${TOKEN_ENV}, else the token npm run local wrote)`))
    .addOption(new Option('--key <key>', `function key, sent as x-functions-key, for AUTH_MODE=keys (else $${KEY_ENV})`))
    .option('--json', "print the API's JSON instead of tables")
    .addOption(new Option('--interval <ms>', 'poll interval of --wait').default(undefined).hideHelp())
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError('(add --help for usage)');

  /** Registers a command whose action gets a context built from the global options. */
  const define = (cmd: Command, action: Action): Command =>
    cmd.action(async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const ctx = createContext(io, command.optsWithGlobals<GlobalOptions>());
      exitCode = await (action as (ctx: CommandContext, ...rest: unknown[]) => Promise<ExitCode>)(ctx, ...args.slice(0, -1));
    });

  define(program.command('images').description('list the catalog images: latest version, last build, pause'), async (ctx) => {
    const body = (await ctx.api(requests.images())).body as { images: Image[] };
    ctx.print(body, () => imagesTable(body.images));
    return EXIT.ok;
  });
  define(program.command('image <name>').description('one image: versions, replication per region, pause, last runs'), async (ctx, name: string) => {
    const body = (await ctx.api(requests.image(name))).body as Image;
    ctx.print(body, () => imageDetail(body));
    return EXIT.ok;
  });
  define(
    program.command('build <image>').description('build a new version of an image').option('--reason <text>', 'why (kept on the version)').option('--wait', 'follow the run to its end'),
    async (ctx, image: string, opts: { reason?: string; wait?: boolean }) => started(ctx, (await ctx.api(requests.build(image, opts.reason))).body, opts.wait),
  );
  define(
    program.command('capture <vmId>').description('capture a generalized VM into the gallery').option('--image <name>', "target image (default: the VM's autopilot-capture-to tag)").option('--wait', 'follow the run to its end'),
    async (ctx, vmId: string, opts: { image?: string; wait?: boolean }) => started(ctx, (await ctx.api(requests.capture(vmId, opts.image))).body, opts.wait),
  );
  define(
    program
      .command('import <image>')
      .description('import a managed image, snapshot, disk or VHD as a new version of an image')
      .option('--managed-image <id>', 'a managed image resource ID (e.g. one the portal captured)')
      .option('--snapshot <id>', 'a snapshot resource ID')
      .option('--disk <id>', 'a managed disk resource ID')
      .option('--vhd <uri>', 'a VHD blob URI (with --storage-account)')
      .option('--storage-account <id>', 'the storage account resource ID holding the VHD')
      .option('--wait', 'follow the run to its end'),
    async (ctx, image: string, opts: ImportSourceOptions & { wait?: boolean }) => started(ctx, (await ctx.api(requests.import(image, opts))).body, opts.wait),
  );
  define(
    program
      .command('runs')
      .description('run history, newest first')
      .option('--image <name>', 'only this image')
      .option('--kind <kind>', 'build, capture, import, prune, promote, rebuild-run, policy-scan or share')
      .option('--status <status>', 'Pending, Running, Completed, Degraded, Failed or Cancelled')
      .option('--top <n>', 'at most n runs (1-1000, default 50)')
      .option('--next <token>', "the previous page's continuation"),
    async (ctx, opts: { image?: string; kind?: string; status?: string; top?: string; next?: string }) => {
      const body = (await ctx.api(requests.runs(opts))).body as { runs: Run[]; next?: string };
      ctx.print(body, () => runsTable(body.runs) + (body.next === undefined ? '' : `more: --next '${body.next}'\n`));
      return EXIT.ok;
    },
  );
  define(program.command('run <runId>').description('one run: status, timeline, error, customization output'), async (ctx, runId: string) => {
    const body = (await ctx.api(requests.run(runId))).body as Run;
    ctx.print(body, () => runDetail(body));
    return EXIT.ok;
  });
  define(program.command('cancel <runId>').description('ask a running run to stop'), async (ctx, runId: string) => {
    const body = (await ctx.api(requests.cancel(runId))).body as Run;
    ctx.print(body, () => `cancel requested for ${body.runId} (${body.status}); it stops at its next step\n`);
    return EXIT.ok;
  });
  define(program.command('resume <image>').description('lift the failure pause of an image'), async (ctx, image: string) => {
    const body = (await ctx.api(requests.resume(image))).body as { image: string; paused: boolean; resumed?: boolean };
    // An older app's answer has no `resumed`: it then says what a resume does, as before.
    ctx.print(body, () => (body.resumed === false ? `${body.image} was not paused; nothing changed\n` : `${body.image} resumed: scheduled runs build it again\n`));
    return EXIT.ok;
  });
  define(
    program.command('prune <image>').description('plan (default) or apply the retention of an image').option('--apply', 'delete and deprecate for real (catalog retention.mode must be apply)').option('--wait', 'with --apply: follow the run'),
    async (ctx, image: string, opts: { apply?: boolean; wait?: boolean }) => {
      const answer = await ctx.api(requests.prune(image, opts.apply === true));
      if (answer.status === 202) return started(ctx, answer.body, opts.wait);
      ctx.print(answer.body, () => prunePlanText(answer.body as PrunePlan));
      return EXIT.ok;
    },
  );
  define(
    program.command('promote <image> <version>').description('re-replicate and promote a version left unpromoted').option('--wait', 'follow the run to its end'),
    async (ctx, image: string, version: string, opts: { wait?: boolean }) => started(ctx, (await ctx.api(requests.promote(image, version))).body, opts.wait),
  );
  const policy = program.command('policy').description('least-privilege and naming checks');
  define(policy.command('scan').description('start a policy scan').option('--wait', 'follow the run to its end'), async (ctx, opts: { wait?: boolean }) =>
    started(ctx, (await ctx.api(requests.policyScan())).body, opts.wait),
  );
  define(policy.command('report').description('the latest policy report').option('--sarif', 'SARIF 2.1.0, for code-scanning tools'), async (ctx, opts: { sarif?: boolean }) => {
    const answer = await ctx.api(requests.policyReport(opts.sarif === true));
    if (opts.sarif === true) io.stdout.write(`${JSON.stringify(answer.body, null, 2)}\n`);
    else ctx.print(answer.body, () => policyReportText(answer.body as PolicyReport));
    return EXIT.ok;
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander already printed its own usage errors (and help); everything else is told here.
    if (!isCommanderError(error)) io.stderr.write(describeError(error));
    return exitCodeOfError(error);
  }
}

function isCommanderError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && error.code.startsWith('commander.');
}
