import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeCacheRejectedBy, coldStartMs, modulesLoadedBy } from '../test/support/appLoad';
import { appEntry, packagedAppEntry } from '../test/support/stack';

// Issue 19's cold start: a fresh `node` loading the app with valid settings against a bare `node`, for dist/ and for
// the packaged bundle (what Flex Consumption runs). Ratios of medians on a shared, loaded machine; printed, never asserted.
// The package's entry compiles app.js with the code cache made at packaging; V8 takes it only from the same Node
// version, so the package is also timed with app.js required directly: what a host on another Node pays.
const RUNS = 11;
// Issue 19's goal for the package, printed beside each figure.
const GOAL_RATIO = 3.5;
const packagedBundle = join(dirname(packagedAppEntry), 'app.js');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function coldStart(entry: string): { ratio: number; appMs: number; bareMs: number; cpuRatio: number } {
  const runs = Array.from({ length: RUNS }, () => coldStartMs(entry));
  const appMs = median(runs.map((r) => r.app));
  const bareMs = median(runs.map((r) => r.bare));
  return { ratio: appMs / bareMs, appMs, bareMs, cpuRatio: median(runs.map((r) => r.appCpu)) / median(runs.map((r) => r.bareCpu)) };
}

describe('cold start', () => {
  it('app load against bare node, modules loaded at start, package size', () => {
    const lines: string[] = [];
    for (const [label, entry] of [['dist/', appEntry], ['package', packagedAppEntry], ['no cache', packagedBundle]] as const) {
      const { ratio, appMs, bareMs, cpuRatio } = coldStart(entry);
      const modules = modulesLoadedBy(entry).length;
      lines.push(
        `${label.padEnd(8)} cold start ${ratio.toFixed(2)}× bare node (goal ≤ ${GOAL_RATIO}×; median of ${RUNS}: ${appMs.toFixed(0)} ms vs ${bareMs.toFixed(0)} ms; ` +
          `CPU ${cpuRatio.toFixed(2)}×); modules at start ${modules} (was 1,191 for dist/ before lazy SDKs)`,
      );
      expect(modules).toBeGreaterThan(0);
    }
    const zip = statSync(join(dirname(packagedAppEntry), '..', 'app.zip')).size;
    lines.push(`package  app.js ${(statSync(packagedBundle).size / 1024).toFixed(0)} KiB parsed at start (2,063 KiB before zod as a namespace and durable-deps.js)`);
    lines.push(`package  app.js.cache ${(statSync(join(dirname(packagedAppEntry), 'app.js.cache')).size / 1024).toFixed(0)} KiB, taken by V8: ${String(!codeCacheRejectedBy(packagedAppEntry).rejected)}`);
    lines.push(`package  app.zip ${(zip / 1024 / 1024).toFixed(2)} MiB (the zip Flex Consumption deploys; its limit is far above, reported to watch growth)`);
    console.log(lines.join('\n'));
  });
});
