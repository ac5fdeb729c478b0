import type { Catalog } from '../shared/domain/catalog';
import type { AppConfig } from '../shared/config/loadConfig';
import type { ComputePort } from '../shared/ports/computePort';
import type { GalleryPort } from '../shared/ports/galleryPort';

/** The ports the app's activities and triggers depend on; adapters implement them (functions/dependencies.ts). */
export interface Ports {
  gallery: GalleryPort;
  compute: ComputePort;
}

/** What every feature's register function receives from the composition root. */
export interface AppContext {
  config: AppConfig;
  catalog: Catalog;
  ports: Ports;
}
