/**
 * The kinds of run GET /api/runs filters by: shared/domain/runs/runRecord.ts's RUN_KINDS, copied because the page
 * loads its own modules as they are (no bundler) and cannot reach shared/. test/e2e/statusPage.test.ts holds the
 * page's filter to the API's list.
 */
export const RUN_KINDS = ['build', 'capture', 'prune', 'promote', 'rebuild-run', 'policy-scan', 'import', 'share'] as const;
