/**
 * Telemetry offline: a build through the local host and the emulated ARM writes its structured fields into the host's
 * real output (what `npm run local` prints), each event once however often the orchestration replays, and every
 * event and field it writes is one shared/domain/telemetry/names.ts registers (alerts and the workbook query those).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../shared/domain/notifications/eventTypes';
import { FIELDS_SEPARATOR, parseLogLine, type LogFieldValue } from '../../shared/domain/telemetry/logLine';
import { ALL_TELEMETRY_EVENTS, eventOfNotification, TELEMETRY_EVENTS, TELEMETRY_FIELDS } from '../../shared/domain/telemetry/names';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

const lines: string[] = [];
let stack: Stack;
let runId: string;

beforeAll(async () => {
  stack = await startStack({ log: (line) => lines.push(line) });
  const started = await postJson(`${stack.url}/api/images/ubuntu-web/builds`, { reason: 'telemetry' });
  runId = runIdOf(started);
  const status = await runUntilDone(stack, runId);
  expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
});

afterAll(async () => {
  await stack?.stop();
});

/** Every line of the host's output that carries fields, as the telemetry bridge reads it. */
function structured(): { message: string; fields: Record<string, LogFieldValue> }[] {
  return lines.flatMap((text) => text.split('\n')).flatMap((line) => {
    const parsed = parseLogLine(line);
    return parsed === undefined ? [] : [parsed];
  });
}

function events(name: string) {
  return structured().filter((line) => line.fields.event === name && line.fields.runId === runId);
}

describe('a build writes structured telemetry into the host output', () => {
  it('the start, each step, each region and the outcome carry image, runId, buildId, step, trigger and region', () => {
    expect(events(TELEMETRY_EVENTS.runStarted)).toEqual([expect.objectContaining({ fields: { event: 'Run.Started', runId, image: 'ubuntu-web', trigger: 'http' } })]);

    const succeeded = events(eventOfNotification(EVENT_TYPES.buildSucceeded));
    expect(succeeded).toHaveLength(1);
    const buildId = succeeded[0]?.fields.buildId;
    expect(buildId).toMatch(/^[0-9a-f]{8}$/);
    expect(succeeded[0]?.fields).toMatchObject({ image: 'ubuntu-web', trigger: 'http', version: '1.0.0', promoted: true });

    const steps = events(TELEMETRY_EVENTS.stepCompleted);
    const names = steps.map((line) => line.fields.step);
    expect(names).toEqual(expect.arrayContaining(['create-vm', 'customize', 'generalize', 'create-version', 'replicate', 'promote']));
    // Once per step however often the orchestration replayed: the timeline has each of these steps once.
    expect(new Set(names).size).toBe(names.length);
    for (const step of steps) {
      expect(step.fields).toMatchObject({ image: 'ubuntu-web', buildId, trigger: 'http' });
      expect(step.fields.durationSeconds).toEqual(expect.any(Number));
    }

    const regions = events(TELEMETRY_EVENTS.replicationSettled);
    expect(regions.map((line) => line.fields.region).sort()).toEqual(['eastus', 'northeurope', 'westeurope']);
    for (const region of regions) expect(region.fields).toMatchObject({ image: 'ubuntu-web', buildId, state: 'Completed', step: 'replicate' });
  });

  it('every event and field in the output is one the names module registers', () => {
    const raw = lines
      .flatMap((text) => text.split('\n'))
      .filter((line) => line.includes(`${FIELDS_SEPARATOR}{`))
      .map((line) => JSON.parse(line.slice(line.lastIndexOf(`${FIELDS_SEPARATOR}{`) + FIELDS_SEPARATOR.length)) as Record<string, unknown>);
    expect(raw.length).toBeGreaterThan(10);
    const fields = new Set(raw.flatMap((fieldsOfLine) => Object.keys(fieldsOfLine)));
    expect([...fields].filter((field) => !(TELEMETRY_FIELDS as readonly string[]).includes(field))).toEqual([]);
    const named = new Set(raw.flatMap((fieldsOfLine) => (typeof fieldsOfLine['event'] === 'string' ? [fieldsOfLine['event']] : [])));
    expect([...named].filter((event) => !ALL_TELEMETRY_EVENTS.includes(event))).toEqual([]);
  });
});
