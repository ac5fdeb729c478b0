import type * as ArmAuthorization from '@azure/arm-authorization';
import type * as ArmCompute from '@azure/arm-compute';
import type * as ArmMsi from '@azure/arm-msi';
import type * as DataTables from '@azure/data-tables';
import type * as EventGrid from '@azure/eventgrid';
import type * as Identity from '@azure/identity';
import type * as MonitorOpenTelemetry from '@azure/monitor-opentelemetry';
import type * as OpenTelemetryApi from '@opentelemetry/api';
import type * as OpenTelemetryLogs from '@opentelemetry/api-logs';

/*
 * The Azure SDKs are about half of what the app loads at start, yet only activities and some routes call them, and
 * Flex Consumption pays the load on every cold start: each SDK is required on first use instead. The module names stay
 * static strings so a bundler still packs them (as modules it evaluates on first require, not at start).
 */
export const loadArmCompute = (): typeof ArmCompute => require('@azure/arm-compute') as typeof ArmCompute;
export const loadArmMsi = (): typeof ArmMsi => require('@azure/arm-msi') as typeof ArmMsi;
export const loadArmAuthorization = (): typeof ArmAuthorization => require('@azure/arm-authorization') as typeof ArmAuthorization;
export const loadDataTables = (): typeof DataTables => require('@azure/data-tables') as typeof DataTables;
export const loadEventGrid = (): typeof EventGrid => require('@azure/eventgrid') as typeof EventGrid;
export const loadIdentity = (): typeof Identity => require('@azure/identity') as typeof Identity;
// Telemetry to Application Insights: loaded only where APPLICATIONINSIGHTS_CONNECTION_STRING is set, on the first event.
export const loadMonitorOpenTelemetry = (): typeof MonitorOpenTelemetry => require('@azure/monitor-opentelemetry') as typeof MonitorOpenTelemetry;
export const loadOpenTelemetryApi = (): typeof OpenTelemetryApi => require('@opentelemetry/api') as typeof OpenTelemetryApi;
export const loadOpenTelemetryLogs = (): typeof OpenTelemetryLogs => require('@opentelemetry/api-logs') as typeof OpenTelemetryLogs;

/** `create` runs on the first call only; every later call returns that first value. */
export function onFirstUse<T>(create: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: create() }).value;
}
