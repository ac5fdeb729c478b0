/** Pure rules about run command scripts: which ones generalize the guest, which failure rule applies. */
import type { RunCommandFailureRule } from './state';

/** Linux `waagent -deprovision…` or Windows Sysprep: the guest shuts down and is ready to be generalized. */
export function isDeprovisionScript(script: string): boolean {
  return (/waagent/i.test(script) && /deprovision/i.test(script)) || /sysprep/i.test(script);
}

export function matchingFailure(
  rules: RunCommandFailureRule[],
  target: { vmName: string; runCommandName: string; script: string },
): RunCommandFailureRule | undefined {
  return rules.find(
    (rule) =>
      (rule.vmNamePrefix === undefined || target.vmName.toLowerCase().startsWith(rule.vmNamePrefix.toLowerCase())) &&
      (rule.runCommandName === undefined || target.runCommandName.toLowerCase() === rule.runCommandName.toLowerCase()) &&
      (rule.scriptContains === undefined || target.script.toLowerCase().includes(rule.scriptContains.toLowerCase())),
  );
}
