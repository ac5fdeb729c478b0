import type { ReadImportSourceInput, ReadImportSourceOutput } from '../contracts';
import type { ImportSourcePort } from '../../shared/ports/importSourcePort';
import { errorCodeOf } from '../../shared/ports/portError';

/** A source that is gone is an answer (the plan refuses it), not a failure to retry. A VHD has no facts to read. */
export function createReadImportSourceActivity(ports: { importSources: ImportSourcePort }) {
  return async (input: ReadImportSourceInput): Promise<ReadImportSourceOutput> => {
    if (input.source.kind === 'vhd') return { exists: true, facts: null };
    try {
      return { exists: true, facts: await ports.importSources.getImportSource(input.source) };
    } catch (error) {
      if (errorCodeOf(error) === 'NOT_FOUND') return { exists: false };
      throw error;
    }
  };
}
