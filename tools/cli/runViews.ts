import type { Run, RunError } from './apiShapes';
import { cell, formatTable } from './table';

export function errorText(error: RunError | null | undefined): string {
  if (error === null || error === undefined) return '-';
  const code = error.code ?? 'ERROR';
  // Activities often start their message with the code as well: once is enough.
  const raw = error.message ?? '';
  const message = raw.startsWith(`${code}: `) ? raw.slice(code.length + 2) : raw;
  return `${code}${error.step === undefined ? '' : ` in ${error.step}`}: ${message}`;
}

export function runsTable(runs: readonly Run[]): string {
  if (runs.length === 0) return 'no runs\n';
  return formatTable(
    ['RUN ID', 'KIND', 'IMAGE', 'STATUS', 'CREATED', 'ENDED', 'RESULT'],
    runs.map((run) => [run.runId, cell(run.kind), cell(run.image), run.status, cell(run.createdAt), cell(run.endedAt), run.error ? errorText(run.error) : cell(run.version ?? run.subject)]),
  );
}

/** One run with its timeline, error and customization output tail (GET /api/runs/{runId}). */
export function runDetail(run: Run): string {
  const lines = [
    `run       ${run.runId}`,
    `kind      ${cell(run.kind)}${run.image === undefined ? '' : ` of ${run.image}`}`,
    `status    ${run.status}${run.cancelRequestedAt ? ` (cancel requested ${run.cancelRequestedAt})` : ''}`,
    `trigger   ${cell(run.trigger)}${run.reason === undefined ? '' : ` (reason: ${run.reason})`}`,
    `created   ${cell(run.createdAt)}`,
    `ended     ${cell(run.endedAt)}`,
  ];
  if (run.version !== undefined) lines.push(`version   ${run.version}`);
  if (run.subject !== undefined) lines.push(`subject   ${run.subject}`);
  if (run.progress) lines.push(`progress  ${progressText(run.progress)}`);
  if (run.error) lines.push(`error     ${errorText(run.error)}`);
  let text = lines.join('\n') + '\n';
  if (run.steps !== undefined && run.steps.length > 0) {
    text += '\nsteps\n' + formatTable(['AT', 'STEP', '%', 'DETAIL'], run.steps.map((s) => [cell(s.at), cell(s.step), cell(s.percent), cell(s.detail)]));
  }
  for (const c of run.customization ?? []) {
    text += `\ncustomization ${cell(c.step)} (exit code ${cell(c.exitCode)})\n`;
    // The tails below are the end of the output; the blobs hold all of it (docs/logs.md).
    if (c.outputLogUri) text += `full output: ${c.outputLogUri}\n`;
    if (c.errorLogUri) text += `full stderr: ${c.errorLogUri}\n`;
    if (c.log?.reason) text += `tails only: ${c.log.reason}\n`;
    if (c.outputTail) text += c.outputTail.replace(/\n?$/, '\n');
    if (c.errorTail) text += `stderr:\n${c.errorTail.replace(/\n?$/, '\n')}`;
  }
  return text;
}

export function progressText(progress: { step?: string; detail?: string; percent?: number }): string {
  return `${progress.percent ?? 0}% ${progress.step ?? '?'}${progress.detail ? `: ${progress.detail}` : ''}`;
}

/**
 * The last line of a followed run: what it ended as, and unless it completed why. A Degraded run has no error (it
 * completed, unpromoted): its why is on its last progress, e.g. "published 1.0.4 unpromoted: replication failed in …".
 */
export function finalLine(run: Run): string {
  if (run.status === 'Completed') return `${run.runId} Completed${run.version === undefined ? '' : ` (version ${run.version})`}\n`;
  const why = run.error ? errorText(run.error) : run.progress?.detail;
  return `${run.runId} ended ${run.status}${why ? `: ${why}` : ''}\n`;
}
