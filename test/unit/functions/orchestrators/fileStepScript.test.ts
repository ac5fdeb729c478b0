import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stepScript } from '../../../../functions/orchestrators/buildVmSteps';
import type { CustomizationStep } from '../../../../shared/domain/catalog';

const dir = mkdtempSync(join(tmpdir(), 'file-step-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONTENT = 'listen 8080;\n';
const sourcePath = join(dir, "app's.conf");
writeFileSync(sourcePath, CONTENT);
const sha256 = createHash('sha256').update(CONTENT).digest('hex');
// curl reads file:// URLs like https ones: the Linux script runs here for real, hash check included.
const fileStep = (overrides: Partial<CustomizationStep>): CustomizationStep => ({
  name: 'conf',
  type: 'file',
  source: `file://${sourcePath}`,
  sha256,
  destination: join(dir, "etc/nginx/it's.conf"),
  timeoutSeconds: 60,
  ...overrides,
});
const runBash = (lines: string[]) => spawnSync('bash', ['-c', lines.join('\n')], { encoding: 'utf8' });

describe('file step scripts', () => {
  it('Linux: a download matching its sha256 lands at the destination, directories created', () => {
    const step = fileStep({});
    const result = runBash(stepScript(step, 'Linux'));
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(step.destination ?? '', 'utf8')).toBe(CONTENT);
  });

  it('Linux: a mismatch fails the step, says so, and leaves nothing at the destination', () => {
    const step = fileStep({ sha256: 'f'.repeat(64), destination: join(dir, 'other/never.conf') });
    const result = runBash(stepScript(step, 'Linux'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`sha256 mismatch for file://${sourcePath}`);
    expect(existsSync(join(dir, 'other/never.conf'))).toBe(false);
  });

  it('Linux: a download that fails fails the step', () => {
    const result = runBash(stepScript(fileStep({ source: `file://${join(dir, 'missing')}`, destination: join(dir, 'x/missing.conf') }), 'Linux'));
    expect(result.status).not.toBe(0);
    expect(existsSync(join(dir, 'x/missing.conf'))).toBe(false);
  });

  it('Windows: downloads, compares the hash, creates the folder and moves the file, quotes doubled', () => {
    const step = fileStep({ source: "https://x.example/o'k.conf", destination: "C:\\app's\\app.conf" });
    expect(stepScript(step, 'Windows')).toEqual([
      "$ErrorActionPreference = 'Stop'",
      "$f = Join-Path $env:TEMP 'autopilot-file.download'",
      "Invoke-WebRequest -UseBasicParsing -Uri 'https://x.example/o''k.conf' -OutFile $f",
      `if ((Get-FileHash $f -Algorithm SHA256).Hash -ne '${sha256}') { Remove-Item $f; throw 'sha256 mismatch for https://x.example/o''k.conf' }`,
      "New-Item -ItemType Directory -Force -Path (Split-Path -Parent 'C:\\app''s\\app.conf') | Out-Null",
      "Move-Item -Force $f 'C:\\app''s\\app.conf'",
    ]);
  });
});
