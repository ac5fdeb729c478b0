import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../../../shared/domain/notifications/eventTypes';
import { metricsOfEvent } from '../../../../../shared/domain/telemetry/metricsOfEvent';
import { ALL_TELEMETRY_EVENTS, eventOfNotification, TELEMETRY_EVENTS, TELEMETRY_METRICS } from '../../../../../shared/domain/telemetry/names';
import { notificationFields } from '../../../../../shared/domain/telemetry/notificationFields';

const ROOT = resolve(__dirname, '../../../../..');
const NAMES_FILE = join('shared', 'domain', 'telemetry', 'names.ts');

/** The product's sources, the names module left out: where a registered name must be used to be emitted. */
function productSources(): string {
  return ['functions', 'shared']
    .flatMap((dir) => readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name)))
    .filter((path) => !path.endsWith(NAMES_FILE))
    .map((path) => readFileSync(path, 'utf8'))
    .join('\n');
}

describe('the telemetry names module', () => {
  const sources = productSources();

  it.each(Object.keys(TELEMETRY_EVENTS))('event %s is emitted somewhere in the product', (key) => {
    expect(sources).toContain(`TELEMETRY_EVENTS.${key}`);
  });

  it.each(Object.keys(TELEMETRY_METRICS))('metric %s is recorded somewhere in the product', (key) => {
    expect(sources).toContain(`TELEMETRY_METRICS.${key}`);
  });

  it('registers every notification as an event, named without the common prefix', () => {
    for (const type of Object.values(EVENT_TYPES)) expect(ALL_TELEMETRY_EVENTS).toContain(eventOfNotification(type));
    expect(eventOfNotification(EVENT_TYPES.buildFailed)).toBe('Build.Failed');
    expect(new Set(ALL_TELEMETRY_EVENTS).size).toBe(ALL_TELEMETRY_EVENTS.length);
  });

  it('a notification becomes its event with the stable fields, lists as counts', () => {
    const fields = notificationFields({
      type: EVENT_TYPES.pruneApplied,
      source: '/subscriptions/s',
      subject: 'images/web',
      data: { image: 'web', version: null, instanceId: 'prune-web-20261125080000-abcdef', trigger: 'schedule', deprecated: ['1.0.0'], deleted: ['0.9.0', '0.8.0'] },
    });
    expect(fields).toMatchObject({ event: 'Prune.Applied', image: 'web', runId: 'prune-web-20261125080000-abcdef', trigger: 'schedule', deprecated: 1, deleted: 2 });
  });
});

describe('metricsOfEvent', () => {
  it.each([
    ['a step', { event: 'Step.Completed', image: 'web', step: 'customize', trigger: 'http', durationSeconds: 120 }, [{ name: 'autopilot.build.step.duration', value: 120, dimensions: { image: 'web', step: 'customize', trigger: 'http' } }]],
    ['a region', { event: 'Replication.Settled', image: 'web', region: 'eastus', state: 'Completed', durationSeconds: 360 }, [{ name: 'autopilot.replication.latency', value: 360, dimensions: { image: 'web', region: 'eastus', state: 'Completed' } }]],
    ['a prune', { event: 'Prune.Applied', image: 'web', deprecated: 0, deleted: 2 }, [{ name: 'autopilot.prune.versions', value: 2, dimensions: { image: 'web', action: 'deleted' } }]],
    ['a scan', { event: 'Policy.Scanned', high: 1, medium: 0, low: 3 }, [
      { name: 'autopilot.policy.findings', value: 1, dimensions: { severity: 'high' } },
      { name: 'autopilot.policy.findings', value: 0, dimensions: { severity: 'medium' } },
      { name: 'autopilot.policy.findings', value: 3, dimensions: { severity: 'low' } },
    ]],
    ['a step without a duration', { event: 'Step.Completed', step: 'x' }, []],
    ['a negative duration', { event: 'Step.Completed', step: 'x', durationSeconds: -1 }, []],
    ['an event without metrics', { event: 'Build.Failed', image: 'web' }, []],
    ['a plain line', { runId: 'r' }, []],
  ])('%s', (_case, fields, expected) => {
    expect(metricsOfEvent(fields)).toEqual(expected);
  });
});
