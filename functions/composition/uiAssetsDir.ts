import { join } from 'node:path';

/**
 * Where the status page's compiled files are: `dist/ui`, beside `dist/functions` in the tsc build. The deployment
 * package puts them in `ui/` beside its one-file bundle, so `npm run package` answers this module with that folder
 * instead (tools/package/packageApp.ts).
 */
export const UI_ASSETS_DIR = join(__dirname, '..', '..', 'ui');
