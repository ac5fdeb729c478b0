/**
 * Composition root: settings → catalog → ports → every feature's registrations. Invalid settings or catalog
 * throw here, at load, listing every problem, so the host never runs a half-configured app.
 */
import { loadConfig } from '../shared/config/loadConfig';
import { readCatalogFile } from '../shared/config/readCatalogFile';
import type { AppContext } from './appContext';
import { createDependencies } from './dependencies';
import { registerActivities } from './register/activities';
import { registerBuild } from './register/build';
import { registerCapture } from './register/capture';
import { registerHandsOff } from './register/handsOff';
import { registerImages } from './register/images';
import { registerNotifications } from './register/notifications';
import { registerPolicy } from './register/policy';
import { registerPrune } from './register/prune';

const config = loadConfig(process.env);
const catalog = readCatalogFile(config.catalogPath);
const app: AppContext = { config, catalog, ports: createDependencies(config, catalog) };

// One line per feature: each module registers its orchestrators, activities and triggers.
registerActivities(app);
registerBuild(app);
registerCapture(app);
registerImages(app);
registerPrune(app);
registerHandsOff(app);
registerNotifications(app);
registerPolicy(app);
