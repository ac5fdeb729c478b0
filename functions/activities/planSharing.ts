import type { PlanSharingInput, SharingPlan } from '../contracts';
import { planSharing as plan } from '../../shared/domain/sharing/planSharing';

/** The `planSharing` activity: the pure planner, recorded in history so a replay decides the same way. */
export function planSharing(input: PlanSharingInput): SharingPlan {
  return plan(input.desired, input.actual);
}
