/**
 * The entry point (package "main"): settings → catalog → ports → every feature's registrations. Invalid settings
 * or catalog throw here, at load, listing every problem, so the host never runs a half-configured app.
 */
import { loadConfig } from '../shared/config/loadConfig';
import { readCatalogFile } from '../shared/config/readCatalogFile';
import type { AppContext } from './composition/appContext';
import { createDependencies, createTelemetry } from './composition/dependencies';
import { registerBuild } from './composition/registerBuild';
import { registerCapture } from './composition/registerCapture';
import { registerImages } from './composition/registerImages';
import { registerImport } from './composition/registerImport';
import { registerNotifications } from './composition/registerNotifications';
import { registerPolicy } from './composition/registerPolicy';
import { registerPromote } from './composition/registerPromote';
import { registerPrune } from './composition/registerPrune';
import { registerRebuild } from './composition/registerRebuild';
import { registerRuns } from './composition/registerRuns';
import { registerSharedActivities } from './composition/registerSharedActivities';
import { registerSharing } from './composition/registerSharing';
import { registerTelemetry } from './composition/registerTelemetry';
import { registerUi } from './composition/registerUi';
import { registerValidation } from './composition/registerValidation';
import { useRouteAuth } from './composition/registerRoute';

const config = loadConfig(process.env);
const catalog = readCatalogFile(config.catalogPath);
const telemetry = createTelemetry(config);
const app: AppContext = { config, catalog, ports: createDependencies(config, catalog, telemetry) };

registerTelemetry(telemetry);

// Before any route: each route's authorization is fixed when it is registered.
useRouteAuth({ mode: config.authMode, platformAuthEnabled: config.platformAuthEnabled });

// One line per feature: each module registers its orchestrators, activities and triggers.
registerSharedActivities(app);
registerBuild(app);
registerCapture(app);
registerImport(app);
registerImages(app);
registerPrune(app);
registerPromote(app);
registerRebuild(app);
registerNotifications(app);
registerPolicy(app);
registerRuns(app);
registerUi(app);
registerValidation(app);
registerSharing(app);
