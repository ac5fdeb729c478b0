/**
 * The timer trigger's input as the host sends it: PascalCase JSON, camel-cased by the library for the handler.
 * `Last` is the previous occurrence the host recorded (null before the first), `Next` the coming one.
 */
export interface TimerStatus {
  last?: Date;
  next?: Date;
  lastUpdated: Date;
  isPastDue: boolean;
}

export function toTimerInfo(status: TimerStatus): Record<string, unknown> {
  return {
    Schedule: { AdjustForDST: true },
    ScheduleStatus: {
      // Before the first occurrence the host reports .NET's DateTime.MinValue.
      Last: status.last ? status.last.toISOString() : '0001-01-01T00:00:00.000Z',
      Next: status.next ? status.next.toISOString() : null,
      LastUpdated: status.lastUpdated.toISOString(),
    },
    IsPastDue: status.isPastDue,
  };
}
