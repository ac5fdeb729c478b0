/**
 * The parts of the API's answers the page and the CLI read (docs/http-api.md), types only so both can use them (the
 * CLI through tools/cli/apiShapes.ts). Loose on purpose: a field the API adds never breaks either.
 */
export interface RunError {
  code?: string;
  message?: string;
  step?: string;
}

export interface Progress {
  step?: string;
  detail?: string;
  percent?: number;
}

export interface Run {
  runId: string;
  kind?: string;
  image?: string;
  trigger?: string;
  reason?: string;
  status: string;
  createdAt?: string;
  endedAt?: string;
  version?: string;
  subject?: string;
  error?: RunError | null;
  cancelRequestedAt?: string;
  progress?: Progress | null;
  steps?: (Progress & { at?: string })[];
  customization?: { step?: string; exitCode?: number | null; outputTail?: string; errorTail?: string; outputLogUri?: string; errorLogUri?: string; log?: { reason?: string } }[];
}

export interface ImageVersion {
  name: string;
  publishedDate?: string;
  lifecycle?: string;
  endOfLifeDate?: string | null;
  replication?: { state?: string; regions?: { region: string; state: string }[] };
}

export interface Image {
  name: string;
  gallery?: string;
  latestVersion?: string | null;
  versions?: ImageVersion[];
  lastBuild?: { runId?: string; status?: string; version?: string; error?: RunError | null } | null;
  paused?: boolean;
  pause?: { paused?: boolean; since?: string | null; failures?: number; lastError?: RunError | null; lastRunId?: string | null };
  runs?: Run[];
}

export interface Finding {
  id: string;
  ruleId: string;
  severity: string;
  scope: string;
  resource?: string;
  message: string;
  recommendation?: string;
}

export interface PolicyReport {
  generatedAt?: string;
  summary?: Record<string, number>;
  findings?: Finding[];
}

export interface PruneItem {
  version: string;
  action: string;
  reason: string;
  detail?: string;
  endOfLifeDate?: string;
}

export interface PrunePlan {
  image?: string;
  dryRun?: boolean;
  items?: PruneItem[];
  summary?: Record<string, number>;
  failed?: { version: string; action: string; reason: string }[];
}
