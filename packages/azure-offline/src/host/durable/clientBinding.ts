/** Path of the Durable HTTP API; also the rpc base of the client binding, so the SDK client and people share it. */
export const durableApiPath = '/runtime/webhooks/durabletask/';

/** Placeholder the extension puts where an instance ID goes in management URLs. */
export const instanceIdPlaceholder = 'INSTANCEID';

/**
 * The JSON value of every `durableClient` input binding, shaped like the extension's BindingHelper output
 * (docs/host-protocol.md §7). With `rpcBaseUrl` set the SDK client calls it for everything; the management URLs
 * only shape check-status payloads.
 */
export function clientBinding(baseUrl: string, taskHubName: string): Record<string, unknown> {
  const api = `${baseUrl}${durableApiPath}`;
  const query = `taskHub=${encodeURIComponent(taskHubName)}&connection=Storage`;
  return {
    taskHubName,
    creationUrls: {
      createNewInstancePostUri: `${api}orchestrators/{functionName}[/{instanceId}]?${query}`,
      createAndWaitOnNewInstancePostUri: `${api}orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${query}`,
    },
    managementUrls: managementUrls(baseUrl, taskHubName, instanceIdPlaceholder),
    baseUrl: api.slice(0, -1),
    requiredQueryStringParameters: query,
    rpcBaseUrl: api,
    httpBaseUrl: api.slice(0, -1),
  };
}

export function managementUrls(baseUrl: string, taskHubName: string, instanceId: string): Record<string, string> {
  const instance = `${baseUrl}${durableApiPath}instances/${instanceId}`;
  const query = `taskHub=${encodeURIComponent(taskHubName)}&connection=Storage`;
  return {
    id: instanceId,
    statusQueryGetUri: `${instance}?${query}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
    rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${instance}?${query}`,
    restartPostUri: `${instance}/restart?${query}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
    resumePostUri: `${instance}/resume?reason={text}&${query}`,
  };
}
