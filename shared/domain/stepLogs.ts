/**
 * Where a build's run commands write their full output (docs/logs.md): blobs in the RUN_LOGS_CONTAINER_URI container,
 * written by the VM itself as the image's build identity, or nowhere (the run record keeps the tails only).
 */

/** The blobs of a run's steps, or why there are none. */
export type StepLogTarget =
  | {
      kind: 'blob';
      /** The container, without a trailing slash. */
      containerUri: string;
      /** Blob-safe run ID and VM name (or validation region): one folder per VM of a run. */
      runId: string;
      scope: string;
      /** Client ID of the user-assigned identity on the VM that writes the blobs (Storage Blob Data Contributor). */
      clientId: string;
    }
  | { kind: 'inline'; reason: string };

/** A customization entry's link to its full output, or why there is none (the fields of the run record's entries). */
export type StepLogRef = { outputLogUri: string; errorLogUri: string } | { log: { kind: 'inline'; reason: string } };

export const NO_CONTAINER_REASON = 'RUN_LOGS_CONTAINER_URI is not set: only the last 4 KiB of each stream are kept';
export const NO_IDENTITY_REASON = 'the image has no build.identity to write the log blobs with: only the last 4 KiB of each stream are kept';
export const NO_CLIENT_ID_REASON = 'the build identity reported no client ID: only the last 4 KiB of each stream are kept';

/** A path segment that is a valid, readable part of a blob name: anything but letters, digits, `.`, `_` and `-` becomes `-`. */
export function blobSegment(text: string): string {
  const safe = text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '');
  return safe === '' ? 'step' : safe.slice(0, 100);
}

/**
 * Decided at the start of a run from what the trigger copied in: a container and an identity with a client ID are
 * both needed, since the VM writes the blobs itself and account keys are never used.
 */
export function stepLogTarget(
  containerUri: string | undefined,
  identity: { configured: boolean; clientId: string | undefined },
  runId: string,
  vmOrRegion: string,
): StepLogTarget {
  if (containerUri === undefined) return { kind: 'inline', reason: NO_CONTAINER_REASON };
  if (!identity.configured) return { kind: 'inline', reason: NO_IDENTITY_REASON };
  if (identity.clientId === undefined || identity.clientId === '') return { kind: 'inline', reason: NO_CLIENT_ID_REASON };
  return { kind: 'blob', containerUri: containerUri.replace(/\/+$/, ''), runId: blobSegment(runId), scope: blobSegment(vmOrRegion), clientId: identity.clientId };
}

/** The same run's logs for another VM of it (a validation region's test VM). */
export function stepLogTargetFor(target: StepLogTarget, vmOrRegion: string): StepLogTarget {
  return target.kind === 'blob' ? { ...target, scope: blobSegment(vmOrRegion) } : target;
}

/**
 * The blobs of the step at `index` (0-based): the same names every time the step runs in this run on this VM, so a
 * re-run activity overwrites its own blobs instead of leaving a second copy.
 */
export function stepLogBlobs(target: StepLogTarget & { kind: 'blob' }, index: number, stepName: string): { outputLogUri: string; errorLogUri: string } {
  const base = `${target.containerUri}/${target.runId}/${target.scope}/${String(index + 1).padStart(2, '0')}-${blobSegment(stepName)}`;
  return { outputLogUri: `${base}.output.log`, errorLogUri: `${base}.error.log` };
}

/** What a step's entry in the run record says about its full output. */
export function stepLogRef(target: StepLogTarget, index: number, stepName: string): StepLogRef {
  return target.kind === 'blob' ? stepLogBlobs(target, index, stepName) : { log: { kind: 'inline', reason: target.reason } };
}
