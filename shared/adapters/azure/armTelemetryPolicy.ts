import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { TELEMETRY_EVENTS, TELEMETRY_METRICS } from '../../domain/telemetry/names';
import type { TelemetryPort } from '../../ports/telemetryPort';
import { retryAfterSeconds } from './capRetryAfterPolicy';

/**
 * A request's kind for the ARM metrics: its method and resource type (`GET microsoft.compute/galleries/images/versions`),
 * never a name, so the dimension stays small however many images and versions there are.
 */
export function armRequestKind(method: string, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return `${method.toUpperCase()} other`;
  }
  const segments = path.split('/').filter((s) => s !== '');
  const lower = segments.map((s) => s.toLowerCase());
  const providers = lower.lastIndexOf('providers');
  let type: string;
  if (providers >= 0 && providers + 1 < segments.length) {
    // providers/<namespace>/<type>/<name>/<child type>/<name>…: the namespace, then every other segment.
    const rest = lower.slice(providers + 2).filter((_, i) => i % 2 === 0);
    type = [lower[providers + 1], ...rest].join('/');
  } else {
    // /subscriptions/<id>/resourcegroups/<name>…: the collection names alone.
    type = lower.filter((_, i) => i % 2 === 0).join('/') || 'other';
  }
  return `${method.toUpperCase()} ${type}`;
}

/**
 * Counts every ARM response by kind and status, and throttling (429, 503) apart, with an `Arm.Throttled` event.
 * Placed per retry and after the Retry-After cap, it sees each attempt's response first.
 */
export function armTelemetryPolicy(telemetry: TelemetryPort): PipelinePolicy {
  return {
    name: 'armTelemetryPolicy',
    async sendRequest(request, next) {
      const response = await next(request);
      const kind = armRequestKind(request.method, request.url);
      const status = String(response.status);
      telemetry.metric({ name: TELEMETRY_METRICS.armRequests, value: 1, dimensions: { kind, status } });
      if (response.status === 429 || response.status === 503) {
        telemetry.metric({ name: TELEMETRY_METRICS.armThrottles, value: 1, dimensions: { kind, status } });
        const wait = retryAfterSeconds(response.headers, Date.now());
        telemetry.raise(
          { event: TELEMETRY_EVENTS.armThrottled, kind, status, retryAfterSeconds: wait === undefined ? null : Math.ceil(wait) },
          `ARM answered ${status} to ${kind}`,
        );
      }
      return response;
    },
  };
}
