import type * as df from 'durable-functions';
import type { CustomizationStep } from '../../shared/domain/catalog';
import type { RunCommandView } from '../../shared/ports/computePort';
import { utf8Tail, type StepTails, type WindowsUpdateRoundLog } from '../../shared/domain/outputTail';
import { DEFAULT_MAX_ROUNDS, windowsUpdateScript } from '../../shared/domain/windowsUpdate/script';
import { afterRound, parseWindowsUpdateRound, timedOut } from '../../shared/domain/windowsUpdate/result';

/** How a round reaches the VM: the build's run-command and restart paths (buildVmSteps.ts passes them in). */
export interface WindowsUpdateOps {
  runRound(commandName: string, script: string[], timeoutSeconds: number): Generator<df.Task, RunCommandView, unknown>;
  restart(timeoutSeconds: number): Generator<df.Task, void, unknown>;
  /** Shows where the step is (`round 2`, `restarting after round 1`) on the run's status. */
  progress(detail: string): void;
}

const failed = (step: CustomizationStep, why: string) => new Error(`STEP_FAILED: customization step "${step.name}" ${why}`);

/**
 * A windowsUpdate step: rounds of search, filter, download and install, each a run command with a fresh name (a
 * run command PUT again with the same content would not run again), with a restart after any round whose guest
 * asks for one, until a round finds nothing left and no reboot pending. Every round and restart shares the step's
 * timeoutSeconds, measured on the orchestration clock. Returns the step's one log entry and its failure, if any.
 */
export function* windowsUpdateStep(
  ctx: df.OrchestrationContext,
  step: CustomizationStep,
  commandName: string,
  ops: WindowsUpdateOps,
): Generator<df.Task, { entry: StepTails; failure: Error | null }, unknown> {
  const deadlineMs = ctx.df.currentUtcDateTime.getTime() + step.timeoutSeconds * 1000;
  const secondsLeft = () => Math.floor((deadlineMs - ctx.df.currentUtcDateTime.getTime()) / 1000);
  const maxRounds = step.maxRounds ?? DEFAULT_MAX_ROUNDS;
  const script = windowsUpdateScript(step);
  const rounds: WindowsUpdateRoundLog[] = [];
  const outputs: string[] = [];
  const errors: string[] = [];
  let exitCode: number | null = null;
  const entry = (): StepTails => ({ step: step.name, exitCode, outputTail: utf8Tail(outputs.join('\n')), errorTail: utf8Tail(errors.join('\n')), rounds });
  const fail = (why: string) => ({ entry: entry(), failure: failed(step, why) });

  for (let round = 1; ; round++) {
    if (secondsLeft() <= 0) return fail(timedOut(step.timeoutSeconds, round - 1));
    ops.progress(`round ${round}/${maxRounds}`);
    const view = yield* ops.runRound(`${commandName}-round-${round}`, script, secondsLeft());
    exitCode = view.exitCode;
    outputs.push(`--- round ${round} ---`, view.output);
    if (view.error !== '') errors.push(`--- round ${round} ---`, view.error);
    if (view.executionState !== 'Succeeded' || (view.exitCode !== null && view.exitCode !== 0)) {
      const tail = `${view.output}\n${view.error}`.trim().slice(-1000);
      return fail(`round ${round} ended ${view.executionState}${view.exitCode === null ? '' : ` (exit code ${view.exitCode})`}: ${tail}`);
    }
    const result = parseWindowsUpdateRound(view.output);
    if (typeof result === 'string') return fail(`round ${round}: ${result}`);
    const log: WindowsUpdateRoundLog = { round, ...result, restarted: false };
    rounds.push(log);
    const decision = afterRound(result, { round, maxRounds, secondsLeft: secondsLeft(), timeoutSeconds: step.timeoutSeconds });
    if (decision.next === 'done') return { entry: entry(), failure: null };
    if (decision.next === 'fail') return fail(decision.why);
    if (decision.next === 'restart') {
      ops.progress(`restarting after round ${round}/${maxRounds}`);
      yield* ops.restart(secondsLeft());
      log.restarted = true;
    }
  }
}
