import type { CustomizationStep, OsType } from '../domain/catalog';
import type { Problem } from './Problem';

/** The OS a step type's script runs on; null: the type fits both (its script is chosen by the image's OS). */
const STEP_OS = { shell: 'Linux', powershell: 'Windows', file: null, restart: null, windowsUpdate: 'Windows' } as const;
/** Where a file step may write: an absolute path of the guest's OS. */
const ABSOLUTE_PATH = { Linux: /^\/[^\0]*[^/]$/, Windows: /^[A-Za-z]:\\[^<>"|?*]*[^\\]$/ } as const;

/** A list of steps (customization or validation) at `path`: each step's type and destination fit the OS, names are unique. */
export function stepListProblems(steps: readonly CustomizationStep[], osType: OsType, path: string): Problem[] {
  const problems: Problem[] = [];
  steps.forEach((step, i) => {
    if (step.destination !== undefined && !ABSOLUTE_PATH[osType].test(step.destination)) {
      problems.push({
        path: `${path}[${i}].destination`,
        message: `must be an absolute ${osType} file path (${osType === 'Linux' ? '/opt/app/file.conf' : 'C:\\app\\file.conf'}), got "${step.destination}"`,
      });
    }
    const stepOs = STEP_OS[step.type];
    if (stepOs !== null && stepOs !== osType) {
      problems.push({
        path: `${path}[${i}].type`,
        message: `"${step.type}" runs on ${stepOs} only, but the image is ${osType} (step "${step.name}"; use ${osType === 'Linux' ? 'shell' : 'powershell'}${step.type === 'windowsUpdate' ? ' to update it' : ''})`,
      });
    }
  });
  const names = new Set<string>();
  steps.forEach((step, i) => {
    const key = step.name.toLowerCase();
    if (names.has(key)) problems.push({ path: `${path}[${i}].name`, message: `duplicate step name "${step.name}"` });
    names.add(key);
  });
  return problems;
}
