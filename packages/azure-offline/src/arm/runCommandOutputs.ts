/**
 * Where a run command reports and whom it runs as: `outputBlobUri` / `errorBlobUri` (with the managed identities
 * that write them) and `runAsUser` are kept and returned as ARM does; `runAsPassword` is accepted and never returned,
 * like an admin password. When the command ends, its output and error go to those blobs (blobStore.ts).
 */
import { badRequest } from './armError';
import { putBlob } from './blobStore';
import type { EmulatorContext } from './context';
import { isObject, stringAt, type JsonObject } from './json';
import type { RunCommandRecord } from './state';

const BLOB_FIELDS = ['outputBlobUri', 'errorBlobUri'] as const;
const IDENTITY_FIELDS = ['outputBlobManagedIdentity', 'errorBlobManagedIdentity'] as const;

function blobUri(value: unknown, field: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw badRequest('InvalidParameter', `'properties.${field}' must be the absolute http(s) URI of a blob; got '${String(value)}'.`);
  }
  return value as string;
}

function identity(value: unknown, field: string): JsonObject {
  if (!isObject(value)) throw badRequest('InvalidParameter', `'properties.${field}' must be an object with 'clientId' or 'objectId' (empty for the system-assigned identity).`);
  const out: JsonObject = {};
  for (const key of ['clientId', 'objectId']) {
    const given = value[key];
    if (given === undefined || given === null) continue;
    if (typeof given !== 'string') throw badRequest('InvalidParameter', `'properties.${field}.${key}' must be a string.`);
    out[key] = given;
  }
  return out;
}

/** The reporting settings of a run command body, checked; what the resource keeps and returns. */
export function readOutputSettings(props: JsonObject): JsonObject {
  const kept: JsonObject = {};
  for (const field of BLOB_FIELDS) {
    if (props[field] !== undefined && props[field] !== null) kept[field] = blobUri(props[field], field);
  }
  for (const field of IDENTITY_FIELDS) {
    if (props[field] !== undefined && props[field] !== null) kept[field] = identity(props[field], field);
  }
  for (const field of ['runAsUser', 'runAsPassword']) {
    const value = props[field];
    if (value !== undefined && value !== null && (typeof value !== 'string' || value === '')) throw badRequest('InvalidParameter', `'properties.${field}' must be a non-empty string.`);
  }
  const user = stringAt(props, 'runAsUser');
  if (user) kept.runAsUser = user;
  return kept;
}

/** Called when the command ends: its output and error land in the blobs it named. */
export function writeOutputBlobs(ctx: EmulatorContext, command: RunCommandRecord): void {
  const output = stringAt(command.properties, 'outputBlobUri');
  if (output) putBlob(ctx, output, command.output, command.endAt);
  const error = stringAt(command.properties, 'errorBlobUri');
  if (error) putBlob(ctx, error, command.error, command.endAt);
}
