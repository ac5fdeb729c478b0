import type { CustomizationStep, OsType } from '../domain/catalog';
import type { Problem } from './Problem';

const STEP_OS = { shell: 'Linux', powershell: 'Windows' } as const;

/** A list of steps (customization or validation) at `path`: each step's type fits the OS, names are unique. */
export function stepListProblems(steps: readonly CustomizationStep[], osType: OsType, path: string): Problem[] {
  const problems: Problem[] = [];
  steps.forEach((step, i) => {
    if (STEP_OS[step.type] !== osType) {
      problems.push({
        path: `${path}[${i}].type`,
        message: `"${step.type}" runs on ${STEP_OS[step.type]} only, but the image is ${osType} (use ${osType === 'Linux' ? 'shell' : 'powershell'})`,
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
