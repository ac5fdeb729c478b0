import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * Counts the ARM writes this process sends (PUT, PATCH, POST, DELETE), so a short-lived read snapshot can tell that
 * the app changed something since it was taken. Only this process's writes: another instance's, or a person's, are
 * what the snapshot's age bounds.
 */
export interface WriteEpoch {
  current(): number;
  bump(): void;
}

export function createWriteEpoch(): WriteEpoch {
  let epoch = 0;
  return {
    current: () => epoch,
    bump: () => {
      epoch += 1;
    },
  };
}

/** Bumps the epoch before a write is sent and again once it is answered: a read overlapping it is never trusted. */
export function writeEpochPolicy(writes: WriteEpoch): PipelinePolicy {
  return {
    name: 'autopilotWriteEpoch',
    sendRequest: async (request, next) => {
      const write = request.method !== 'GET' && request.method !== 'HEAD';
      if (write) writes.bump();
      try {
        return await next(request);
      } finally {
        if (write) writes.bump();
      }
    },
  };
}
