export { loadConfig, type AppConfig } from './loadConfig';
export { PRODUCT_SETTINGS, type ProductSetting, type ProductSettingName } from './productSettings';
export { loadCatalog } from './loadCatalog';
export { readCatalogFile } from './readCatalogFile';
export { ConfigError } from './ConfigError';
export { CatalogError } from './CatalogError';
export { checkNcrontab } from './checkNcrontab';
export { catalogDocumentSchema } from './catalogSchema';
export type { Problem } from './Problem';
