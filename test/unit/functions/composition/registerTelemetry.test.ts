import { describe, expect, it } from 'vitest';
import { forwardLogLine } from '../../../../functions/composition/registerTelemetry';
import { withFields } from '../../../../shared/domain/telemetry/logLine';
import type { MetricPoint } from '../../../../shared/domain/telemetry/metricsOfEvent';
import type { EventFields, TelemetryPort } from '../../../../shared/ports/telemetryPort';

function recorder() {
  const sent = { events: [] as { fields: EventFields; message: string }[], metrics: [] as MetricPoint[] };
  const port: TelemetryPort = { event: (fields, message) => sent.events.push({ fields, message }), raise: () => undefined, metric: (point) => sent.metrics.push(point), shutdown: () => Promise.resolve() };
  return { sent, forward: forwardLogLine(port) };
}

const stepLine = withFields('step customize took 120 s', { event: 'Step.Completed', runId: 'build-web-1', image: 'web', step: 'customize', trigger: 'http', durationSeconds: 120 });

describe('the log hook: structured lines to events and metrics', () => {
  it('an event line becomes its custom event with the fields, and the metric it carries', () => {
    const { sent, forward } = recorder();
    forward({ category: 'user', message: stepLine });
    expect(sent.events).toEqual([{ message: 'step customize took 120 s', fields: { event: 'Step.Completed', runId: 'build-web-1', image: 'web', step: 'customize', trigger: 'http', durationSeconds: 120 } }]);
    expect(sent.metrics).toEqual([{ name: 'autopilot.build.step.duration', value: 120, dimensions: { image: 'web', step: 'customize', trigger: 'http' } }]);
  });

  it.each([
    ['a plain user line', 'user', 'started build-web-1'],
    ['a line with fields but no event', 'user', withFields('cleanup failed', { runId: 'build-web-1', image: 'web' })],
    ['the host\'s own log, even shaped like an event', 'system', stepLine],
  ] as const)('%s sends nothing', (_case, category, message) => {
    const { sent, forward } = recorder();
    forward({ category, message });
    expect(sent).toEqual({ events: [], metrics: [] });
  });
});
