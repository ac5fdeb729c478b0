/** One CloudEvent as it goes on the wire (`specversion` 1.0 and `datacontenttype` are added by the adapter). */
export interface NotificationEvent {
  /** Deterministic per orchestration step, so a retried publish repeats the id and consumers can deduplicate. */
  id: string;
  /** e.g. `ImageAutopilot.Build.Succeeded`. */
  type: string;
  /** The gallery's resource ID: the scope every event of one deployment shares. */
  source: string;
  /** What the event is about inside the source, e.g. `images/ubuntu-web/versions/1.0.0`. */
  subject: string;
  /** ISO 8601, the orchestration's time when it published. Event Grid does not keep order: consumers sort by it. */
  time: string;
  /** JSON object; its shape depends on `type` (docs/notifications.md). */
  data: Record<string, unknown>;
}
