/**
 * The entry point (package "main"): settings → catalog → ports → every feature's registrations. Invalid settings
 * or catalog throw here, at load, listing every problem, so the host never runs a half-configured app.
 */
import { loadConfig } from '../shared/config/loadConfig';
import { readCatalogFile } from '../shared/config/readCatalogFile';
import type { AppContext } from './composition/appContext';
import { createDependencies } from './composition/dependencies';
import { registerBuild } from './composition/registerBuild';
import { registerCapture } from './composition/registerCapture';
import { registerImages } from './composition/registerImages';
import { registerNotifications } from './composition/registerNotifications';
import { registerPolicy } from './composition/registerPolicy';
import { registerPromote } from './composition/registerPromote';
import { registerPrune } from './composition/registerPrune';
import { registerRebuild } from './composition/registerRebuild';
import { registerRuns } from './composition/registerRuns';
import { registerSharedActivities } from './composition/registerSharedActivities';
import { useRouteAuth } from './composition/registerRoute';

const config = loadConfig(process.env);
const catalog = readCatalogFile(config.catalogPath);
const app: AppContext = { config, catalog, ports: createDependencies(config, catalog) };

// Before any route: each route's authorization is fixed when it is registered.
useRouteAuth({ mode: config.authMode, platformAuthEnabled: config.platformAuthEnabled });

// One line per feature: each module registers its orchestrators, activities and triggers.
registerSharedActivities(app);
registerBuild(app);
registerCapture(app);
registerImages(app);
registerPrune(app);
registerPromote(app);
registerRebuild(app);
registerNotifications(app);
registerPolicy(app);
registerRuns(app);
