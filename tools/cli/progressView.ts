import { Presets, SingleBar } from 'cli-progress';
import type { Progress } from './apiShapes';
import type { Output } from './output';
import { progressText } from './runViews';

export interface ProgressView {
  update(progress: Progress | null | undefined): void;
  stop(): void;
}

/** A live bar redrawn in place, for a person watching a terminal. */
function barView(stream: NodeJS.WritableStream): ProgressView {
  const bar = new SingleBar({ format: ' {bar} {percentage}% | {step}{detail}', stream, hideCursor: true, clearOnComplete: false, noTTYOutput: false }, Presets.shades_classic);
  let started = false;
  return {
    update(progress) {
      const payload = { step: progress?.step ?? 'waiting', detail: progress?.detail ? `: ${progress.detail}` : '' };
      const percent = Math.max(0, Math.min(100, progress?.percent ?? 0));
      if (!started) {
        bar.start(100, percent, payload);
        started = true;
      } else bar.update(percent, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * A line whenever the step or its detail changes (a step's own stages, such as a script's rounds, are in its detail),
 * for logs and pipes where a redrawn bar would be noise; the percent alone moving adds none.
 */
function lineView(out: Output): ProgressView {
  let last: string | undefined;
  return {
    update(progress) {
      if (progress === null || progress === undefined || progress.step === undefined) return;
      const shown = `${progress.step}\n${progress.detail ?? ''}`;
      if (shown === last) return;
      last = shown;
      out.write(`${progressText(progress)}\n`);
    },
    stop() {},
  };
}

export function createProgressView(out: Output): ProgressView {
  return out.isTTY === true && isWritableStream(out) ? barView(out) : lineView(out);
}

function isWritableStream(out: Output): out is Output & NodeJS.WritableStream {
  return 'on' in out && typeof (out as { on?: unknown }).on === 'function';
}
