import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpResponse } from '@azure/functions';
import { createServeStatusPageHandler } from '../triggers/ui/serveStatusPage';
import { uiAssetMap, type UiAsset } from '../triggers/ui/uiAssets';
import type { AppContext } from './appContext';
import { registerRoute } from './registerRoute';
import { UI_ASSETS_DIR } from './uiAssetsDir';

/**
 * The status page (docs/ui.md): `GET /api/ui` redirects to it, `GET /api/ui/{*asset}` serves its files. Unlike every
 * other route it is `Public` (anonymous, and excluded from App Service Authentication): the files are public static
 * assets with no data in them, and a browser must load the page before it can attach a credential to the API calls
 * that read the data.
 */
export function registerUi(_app: AppContext): void {
  let assets: ReadonlyMap<string, UiAsset> | undefined;
  // Read on first request, not at load: a cold start that serves only the API never touches these files.
  const load = () => (assets ??= uiAssetMap(readdirSync(UI_ASSETS_DIR, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => ({ name: e.name, body: readFileSync(join(UI_ASSETS_DIR, e.name)) }))));
  const serve = createServeStatusPageHandler(load);
  registerRoute({ name: 'statusPage', route: 'ui/{*asset}', method: 'GET', role: 'Public', why: 'static files with no data: a browser loads the page before it can attach a credential', query: 'any' }, async (request) => {
    const answer = serve(request);
    return answer instanceof HttpResponse ? answer : new HttpResponse(answer);
  });
}
