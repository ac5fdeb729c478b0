import type { AppConfig } from '../../shared/config/loadConfig';
import type { Catalog } from '../../shared/domain/catalog';
import type { Ports } from '../../shared/ports/ports';

/** What every feature's register function receives from the entry point: settings, the catalog and the ports. */
export interface AppContext {
  config: AppConfig;
  catalog: Catalog;
  ports: Ports;
}
