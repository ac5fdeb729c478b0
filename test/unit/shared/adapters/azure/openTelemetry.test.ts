import { gunzipSync } from 'node:zlib';
import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenTelemetry } from '../../../../../shared/adapters/azure/openTelemetry';

/**
 * The Azure side of telemetry through the real Azure Monitor distro and exporters, with Application Insights'
 * ingestion answered in memory (the exporters' transport): what the app sends is what the alerts and workbook query.
 */
interface Envelope {
  name: string;
  data: { baseType: string; baseData: { name?: string; properties?: Record<string, string>; metrics?: { name: string; value: number }[] } };
}

const sent: { authorization: string | undefined; envelopes: Envelope[] }[] = [];

function bodyText(request: PipelineRequest): string {
  const body = request.body;
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.isBuffer(body) ? body : Buffer.from(String(body));
  return request.headers.get('content-encoding') === 'gzip' ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}

const ingestion: HttpClient = {
  sendRequest: async (request) => {
    const text = bodyText(request);
    const envelopes = (text.trim().startsWith('[') ? JSON.parse(text) : text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l))) as Envelope[];
    sent.push({ authorization: request.headers.get('authorization'), envelopes });
    return { status: 200, headers: createHttpHeaders(), request, bodyAsText: JSON.stringify({ itemsReceived: envelopes.length, itemsAccepted: envelopes.length, errors: [] }) };
  },
};

const credential: TokenCredential = { getToken: () => Promise.resolve({ token: 'app-identity-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

beforeAll(async () => {
  const telemetry = createOpenTelemetry({
    connectionString: 'InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=https://ingestion.example.invalid/',
    credential,
    httpClient: ingestion,
    writeLine: () => undefined,
  });
  telemetry.event({ event: 'Build.Failed', image: 'ubuntu-web', runId: 'build-ubuntu-web-20261125080000-abcdef', errorCode: 'STEP_FAILED', buildId: null }, 'build failed');
  telemetry.metric({ name: 'autopilot.build.step.duration', value: 120, dimensions: { image: 'ubuntu-web', step: 'customize', trigger: 'http' } });
  telemetry.metric({ name: 'autopilot.arm.throttles', value: 1, dimensions: { kind: 'GET microsoft.compute/galleries/images', status: '429' } });
  // Shutting down (the app's terminate hook) flushes every exporter: no waiting on export intervals.
  await telemetry.shutdown();
}, 60_000);

afterAll(() => {
  sent.length = 0;
});

const envelopes = () => sent.flatMap((batch) => batch.envelopes);

describe('events and metrics reach Application Insights through OpenTelemetry', () => {
  it('an event is a custom event named after it, its fields customDimensions (a null field left out)', () => {
    const events = envelopes().filter((e) => e.data.baseType === 'EventData');
    expect(events.map((e) => e.data.baseData.name)).toEqual(['Build.Failed']);
    expect(events[0]?.data.baseData.properties).toMatchObject({ event: 'Build.Failed', image: 'ubuntu-web', runId: 'build-ubuntu-web-20261125080000-abcdef', errorCode: 'STEP_FAILED' });
    expect(events[0]?.data.baseData.properties).not.toHaveProperty('buildId');
  });

  it('metrics are custom metrics under their names, with their dimensions', () => {
    const metrics = envelopes().filter((e) => e.data.baseType === 'MetricData');
    const named = (name: string) => metrics.find((e) => e.data.baseData.metrics?.[0]?.name === name);
    expect(named('autopilot.build.step.duration')?.data.baseData).toMatchObject({ metrics: [{ value: 120 }], properties: { image: 'ubuntu-web', step: 'customize', trigger: 'http' } });
    expect(named('autopilot.arm.throttles')?.data.baseData).toMatchObject({ metrics: [{ value: 1 }], properties: { kind: 'GET microsoft.compute/galleries/images', status: '429' } });
  });

  it('sends as the app identity (local authentication is off on the component)', () => {
    expect(sent.length).toBeGreaterThan(0);
    for (const batch of sent) expect(batch.authorization).toBe('Bearer app-identity-token');
  });
});
