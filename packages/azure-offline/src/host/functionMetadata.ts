import type { RegisteredFunction } from './ports';

export interface FunctionMetadataDeps {
  baseUrl: string;
  routePrefix: string;
  isDisabled: (fn: RegisteredFunction) => boolean;
}

/**
 * One entry of the host's `GET /admin/functions` (its FunctionMetadataResponse): the names tools and portals read,
 * with `config.bindings` as the worker declared them. There are no files on disk to link, so the file hrefs point at
 * the admin resource itself.
 */
export function functionMetadata(fn: RegisteredFunction, deps: FunctionMetadataDeps): Record<string, unknown> {
  const href = `${deps.baseUrl}/admin/functions/${encodeURIComponent(fn.name)}`;
  const trigger = fn.bindings.find((b) => b.direction === 'in' && b.type.toLowerCase().endsWith('trigger'));
  const isHttp = fn.triggerType.toLowerCase() === 'httptrigger';
  const route = isHttp ? (typeof trigger?.route === 'string' ? trigger.route : fn.name) : undefined;
  return {
    name: fn.name,
    script_root_path_href: href,
    script_href: href,
    config_href: href,
    test_data_href: null,
    href,
    invoke_url_template: route === undefined ? null : `${deps.baseUrl}/${[deps.routePrefix, route].filter((s) => s !== '').join('/')}`,
    language: 'node',
    config: { bindings: fn.bindings.map((binding) => ({ ...binding })) },
    files: null,
    test_data: null,
    isDisabled: deps.isDisabled(fn),
    isDirect: false,
    isProxy: false,
  };
}
