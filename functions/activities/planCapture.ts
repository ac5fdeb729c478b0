import type { PlanCaptureInput, PlanCaptureOutput } from '../contracts';
import { captureEligibility } from '../../shared/domain/captureEligibility';

/**
 * The `planCapture` activity: the domain's capture rule, recorded in history so a replay decides as the first run
 * did. The HTTP trigger applies the same rule before starting a capture.
 */
export function planCapture(input: PlanCaptureInput): PlanCaptureOutput {
  return captureEligibility(input);
}
