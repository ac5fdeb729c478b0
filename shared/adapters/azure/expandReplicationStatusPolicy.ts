import type { PipelinePolicy } from '@azure/core-rest-pipeline';

const VERSION_LIST = /\/providers\/Microsoft\.Compute\/galleries\/[^/]+\/images\/[^/]+\/versions$/i;

/**
 * The modular client's list-versions call has no `expand` option, but one list with
 * `$expand=ReplicationStatus` replaces a GET per version (docs/architecture.md#arm-efficiency), so it is added here.
 */
export function expandReplicationStatusPolicy(): PipelinePolicy {
  return {
    name: 'expandReplicationStatusPolicy',
    sendRequest(request, next) {
      if (request.method === 'GET') {
        const url = new URL(request.url);
        if (VERSION_LIST.test(url.pathname) && !url.searchParams.has('$expand')) {
          url.searchParams.set('$expand', 'ReplicationStatus');
          request.url = url.toString();
        }
      }
      return next(request);
    },
  };
}
