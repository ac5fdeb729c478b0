import { describe, expect, it } from 'vitest';
import { generalizeScript, stepScript } from '../../../../functions/orchestrators/buildVmSteps';
import type { CustomizationStep } from '../../../../shared/domain/catalog';

const step = (overrides: Partial<CustomizationStep>): CustomizationStep => ({ name: 's', type: 'shell', timeoutSeconds: 60, ...overrides });
const HASH = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

describe('guest scripts', () => {
  it.each([
    ['Linux', /^waagent -force -deprovision\+user && shutdown/],
    ['Windows', /Sysprep\.exe \/oobe \/generalize \/quiet \/shutdown \/mode:vm$/],
  ] as const)('%s generalizes with the Image Builder command and shuts down', (os, pattern) => {
    expect(generalizeScript(os).join('\n')).toMatch(pattern);
  });

  it.each([
    ['inline lines run as written', step({ inline: ['apt-get update', 'echo done'] }), ['apt-get update', 'echo done']],
    [
      'a shell script URI is downloaded and checked against its sha256 first',
      step({ scriptUri: 'https://x.example/a.sh', sha256: HASH }),
      ['set -e', "curl -fsSL 'https://x.example/a.sh' -o /tmp/autopilot-step.sh", `echo '${HASH}  /tmp/autopilot-step.sh' | sha256sum -c -`, 'bash /tmp/autopilot-step.sh'],
    ],
    [
      'a quote in a URL cannot end the shell string',
      step({ scriptUri: "https://x.example/it's.sh" }),
      ['set -e', "curl -fsSL 'https://x.example/it'\\''s.sh' -o /tmp/autopilot-step.sh", 'bash /tmp/autopilot-step.sh'],
    ],
    [
      'PowerShell downloads, verifies and runs',
      step({ type: 'powershell', scriptUri: "https://x.example/o'k.ps1", sha256: HASH }),
      [
        "$f = Join-Path $env:TEMP 'autopilot-step.ps1'",
        "Invoke-WebRequest -UseBasicParsing -Uri 'https://x.example/o''k.ps1' -OutFile $f",
        `if ((Get-FileHash $f -Algorithm SHA256).Hash -ne '${HASH}') { throw 'sha256 mismatch' }`,
        '& $f',
      ],
    ],
  ])('%s', (_case, input, expected) => {
    expect(stepScript(input, input.type === 'powershell' ? 'Windows' : 'Linux')).toEqual(expected);
  });
});
