import * as contracts from '../contracts';
import { createFindImportedVersionActivity } from '../activities/findImportedVersion';
import { planImport } from '../activities/planImport';
import { createReadImportSourceActivity } from '../activities/readImportSource';
import { withFailedProgress } from '../durable/progress';
import { importImageOrchestrator } from '../orchestrators/importImage';
import { withRunRecord } from '../orchestrators/withRunRecord';
import { createStartImportHandler } from '../triggers/startImport';
import type { AppContext } from './appContext';
import { registerActivity, registerOrchestrator } from './registerDurable';
import { registerDurableRoute } from './registerRoute';

/** Imports: `POST /api/imports` makes a version from a managed image, snapshot, disk or VHD (docs/import.md). */
export function registerImport(app: AppContext): void {
  registerActivity(contracts.readImportSource, createReadImportSourceActivity(app.ports));
  registerActivity(contracts.planImport, planImport);
  registerActivity(contracts.findImportedVersion, createFindImportedVersionActivity(app.ports));
  registerOrchestrator(contracts.importImage, withRunRecord(withFailedProgress(importImageOrchestrator)));

  // A person waits on the route: it reads ARM through the short Retry-After cap.
  const handle = createStartImportHandler({ ...app, ports: { ...app.ports, importSources: app.ports.routes.importSources } });
  registerDurableRoute({ name: 'startImport', route: 'imports', method: 'POST', role: 'Operator' }, handle);
}
