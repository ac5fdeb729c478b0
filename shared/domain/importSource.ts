/**
 * What `POST /api/imports` brings into the gallery: a managed image, a snapshot, a managed disk, or a VHD blob in a
 * storage account. One home for its identity (the `autopilot-source` hash, the run lock) and its request field.
 */
import { sha256Hex } from './hashing';

export type ImportSource =
  | { kind: 'managedImage'; id: string }
  | { kind: 'snapshot'; id: string }
  | { kind: 'disk'; id: string }
  | { kind: 'vhd'; uri: string; storageAccountId: string };

/** The sources ARM describes as a resource (OS type, generation, region): all but a VHD, which is only bytes. */
export type ResourceImportSource = Exclude<ImportSource, { kind: 'vhd' }>;

/** The request field naming the source, for errors (`source.managedImageId`, …). */
export const SOURCE_FIELDS: Record<ImportSource['kind'], string> = {
  managedImage: 'source.managedImageId',
  snapshot: 'source.snapshotId',
  disk: 'source.diskId',
  vhd: 'source.vhdUri',
};

export const SOURCE_LABELS: Record<ImportSource['kind'], string> = {
  managedImage: 'managed image',
  snapshot: 'snapshot',
  disk: 'managed disk',
  vhd: 'VHD',
};

const canonicalId = (id: string): string => id.replace(/\/{2,}/g, '/').replace(/\/$/, '').toLowerCase();

/** The resource that decides where the source lives: its own ID, or the storage account of a VHD. */
export function sourceScopeId(source: ImportSource): string {
  return source.kind === 'vhd' ? source.storageAccountId : source.id;
}

/** The source as one string, equal for the same source however its ID was cased or its URI queried (a SAS). */
export function importSourceKey(source: ImportSource): string {
  if (source.kind !== 'vhd') return `${source.kind}:${canonicalId(source.id)}`;
  const url = new URL(source.uri);
  // Blob names are case-sensitive; the account host and the storage account ID are not.
  return `vhd:${url.host.toLowerCase()}${url.pathname}|${canonicalId(source.storageAccountId)}`;
}

/** First 16 hex of sha256 of the source key: the `autopilot-source` tag, the import lock and run ID's part. */
export function importSourceHash(source: ImportSource): string {
  return sha256Hex(importSourceKey(source)).slice(0, 16);
}

/** A short human name for logs and errors: the resource's name or the blob's path. */
export function describeSource(source: ImportSource): string {
  if (source.kind === 'vhd') return `VHD ${source.uri.split('?')[0] ?? source.uri}`;
  return `${SOURCE_LABELS[source.kind]} ${source.id.split('/').pop() ?? source.id}`;
}
