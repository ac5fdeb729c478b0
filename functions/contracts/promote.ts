/** Promoting a version an earlier run left unpromoted (regions failed): `promoteVersion`, started by the HTTP route. */
import type { PollingSettings } from '../../shared/domain/polling';
import type { PublishOutcome } from '../../shared/domain/publishOutcome';
import type { ImageDefinitionRef } from '../../shared/ports/galleryPort';
import { orchestrator } from '../durable/descriptors';

/** Copied by the route from the catalog and settings (orchestrators never read config). */
export interface PromoteInput {
  /** The route's image: versions are per definition, so only that image's versions can be named. */
  ref: ImageDefinitionRef;
  version: string;
  polling: PollingSettings;
  /** Bounded re-tries of regions whose replication failed before the version is reported Degraded. */
  maxReplicationRetries: number;
  /** The lock the run holds (one promote per image), freed when it ends. */
  runLock?: string;
}

/** docs/http-api.md#promote-output */
export interface PromoteOutput {
  image: string;
  version: string;
  /** Regions that completed replication (every target region when promoted). */
  regions: string[];
  /** Regions still failed after the bounded retries; the version then stays excluded from latest. */
  failedRegions: string[];
  promoted: boolean;
  status: PublishOutcome;
}

export const promoteVersion = orchestrator<PromoteInput, PromoteOutput>('promoteVersion');
