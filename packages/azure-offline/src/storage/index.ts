export { startTableService, DEV_STORE_ACCOUNT, DEV_STORE_ACCOUNT_KEY, type TableService, type TableServiceOptions } from './tableService';
