/** docs/http-api.md as zod schemas: every field named there must be present with its type (extra fields are allowed and kept). */
import { z } from 'zod';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date');
export const versionName = z.string().regex(/^\d+\.\d+\.\d+$/);

export const errorBody = z.looseObject({
  error: z.looseObject({
    code: z.string(),
    message: z.string().min(1),
    details: z.array(z.looseObject({ path: z.string(), message: z.string() })),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const checkStatusPayload = z.looseObject({
  id: z.string(),
  statusQueryGetUri: z.url(),
  sendEventPostUri: z.url(),
  terminatePostUri: z.url(),
  purgeHistoryDeleteUri: z.url(),
});

/** A start's 202: the check-status payload plus `runId`, the same value as `id` (a run's ID is its instance ID). */
export const startedBody = checkStatusPayload.extend({ runId: z.string() }).refine((b) => b.runId === b.id, 'runId equals id');

/** A 409 names the running run: `runId` beside its check-status payload under `instance`. */
export const conflictBody = errorBody.extend({ runId: z.string(), instance: checkStatusPayload }).refine((b) => b.runId === b.instance.id, 'runId equals instance.id');

export const imagesBody = z.looseObject({
  images: z.array(
    z.looseObject({
      name: z.string(),
      gallery: z.string(),
      latestVersion: versionName.nullable(),
      versions: z.array(
        z.looseObject({
          name: versionName,
          publishedDate: isoDate,
          excludeFromLatest: z.boolean(),
          endOfLifeDate: isoDate.nullable(),
          replication: z.looseObject({
            state: z.string(),
            regions: z.array(z.looseObject({ region: z.string(), state: z.string() })),
          }),
        }),
      ),
      lastBuild: z.looseObject({ instanceId: z.string(), status: z.string(), version: versionName.nullable() }).nullable(),
      paused: z.boolean(),
    }),
  ),
});
export type ImagesBody = z.infer<typeof imagesBody>;

export const buildOutput = z.looseObject({
  image: z.string(),
  version: versionName,
  regions: z.array(z.string()),
  promoted: z.boolean(),
  trigger: z.enum(['schedule', 'event', 'http']),
  buildId: z.string().regex(/^[0-9a-f]{8}$/),
  durationSeconds: z.number().nonnegative(),
});

export const PRUNE_REASONS = [
  'latest', 'in-use', 'protected', 'within-keep-latest', 'too-young', 'replicating', 'eol-not-reached', 'eol-blocked',
  'cap-reached', 'share-exceeded', 'expired', 'superseded',
] as const;

export const prunePlan = z.looseObject({
  image: z.string(),
  dryRun: z.boolean(),
  items: z.array(
    z.looseObject({ version: versionName, action: z.enum(['keep', 'deprecate', 'delete']), reason: z.string().min(1), detail: z.string().min(1) }),
  ),
  summary: z.looseObject({ keep: z.number().int(), deprecate: z.number().int(), delete: z.number().int() }),
});
export type PrunePlan = z.infer<typeof prunePlan>;

export const policyReport = z.looseObject({
  generatedAt: isoDate,
  summary: z.looseObject({ high: z.number().int(), medium: z.number().int(), low: z.number().int() }),
  findings: z.array(
    z.looseObject({
      id: z.string().min(1),
      ruleId: z.string().min(1),
      severity: z.enum(['high', 'medium', 'low']),
      scope: z.string(),
      principalId: z.string().optional(),
      roleDefinitionId: z.string().optional(),
      resource: z.string().optional(),
      message: z.string().min(1),
      recommendation: z.string().min(1),
    }),
  ),
});

/** Parses with a message that shows the body when the shape is wrong. */
export function shape<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new Error(`${z.prettifyError(result.error)}\nbody: ${JSON.stringify(body).slice(0, 2000)}`);
  return result.data;
}
