import * as z from 'zod';
import { checkAzureName } from '../../shared/domain/names';
import type { ImportSource } from '../../shared/domain/importSource';
import { sourceIdProblem, vhdUriProblem, type SourceIdType } from '../../shared/domain/importSourceIds';

const idOf = (type: SourceIdType) =>
  z.string().superRefine((id, ctx) => {
    const problem = sourceIdProblem(id, type);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

const imageField = z.string().superRefine((name, ctx) => {
  for (const v of checkAzureName('imageDefinition', name)) ctx.addIssue({ code: 'custom', message: `${v.message} (${v.rule})` });
});

const KINDS = ['managedImageId', 'snapshotId', 'diskId', 'vhdUri'] as const;

/** Exactly one kind of source; a VHD with the storage account holding it (ARM requires both). */
const sourceField = z
  .strictObject({
    managedImageId: idOf('images').optional(),
    snapshotId: idOf('snapshots').optional(),
    diskId: idOf('disks').optional(),
    vhdUri: z.string().max(2000).optional(),
    storageAccountId: idOf('storageAccounts').optional(),
  })
  .superRefine((source, ctx) => {
    const given = KINDS.filter((k) => source[k] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `give exactly one of ${KINDS.join(', ')}${given.length > 1 ? ` (got ${given.join(', ')})` : ''}` });
      return;
    }
    if (source.vhdUri === undefined) {
      if (source.storageAccountId !== undefined) ctx.addIssue({ code: 'custom', path: ['storageAccountId'], message: 'only with vhdUri' });
      return;
    }
    if (source.storageAccountId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['storageAccountId'], message: 'required with vhdUri: the storage account that holds the VHD' });
      return;
    }
    if (sourceIdProblem(source.storageAccountId, 'storageAccounts') !== null) return;
    const problem = vhdUriProblem(source.vhdUri, source.storageAccountId);
    if (problem !== null) ctx.addIssue({ code: 'custom', path: ['vhdUri'], message: problem });
  });

/** `POST /api/imports`: `{ image, source: { managedImageId } | { snapshotId } | { diskId } | { vhdUri, storageAccountId } }`. */
export const startImportBody = z.strictObject({ image: imageField, source: sourceField });

export type StartImportBody = z.infer<typeof startImportBody>;

/** The validated body's source in the domain's terms. */
export function importSourceOf(source: StartImportBody['source']): ImportSource {
  if (source.managedImageId !== undefined) return { kind: 'managedImage', id: source.managedImageId };
  if (source.snapshotId !== undefined) return { kind: 'snapshot', id: source.snapshotId };
  if (source.diskId !== undefined) return { kind: 'disk', id: source.diskId };
  return { kind: 'vhd', uri: source.vhdUri ?? '', storageAccountId: source.storageAccountId ?? '' };
}
