/** PLACEHOLDER until the cancellation mechanics merge: the event's name and input. */
export const CANCEL_EVENT = 'cancel';
export interface CancelRequest {
  requestedBy?: string;
}
