// TEMPORARY (replaced by the store helper's version): dev Azurite on 10992.
import { randomBytes } from 'node:crypto';
export function testRunStoreSettings(): { AzureWebJobsStorage: string; RUN_HISTORY_TABLE: string } {
  return {
    AzureWebJobsStorage: 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:10992/devstoreaccount1;',
    RUN_HISTORY_TABLE: `runs${randomBytes(6).toString('hex')}`,
  };
}
