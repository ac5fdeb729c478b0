import * as df from 'durable-functions';
import { app as functionsApp, type HttpRequest, type HttpResponse, type InvocationContext } from '@azure/functions';
import { withApiErrors } from '../triggers/http/withApiErrors';

export interface RouteSpec {
  /** The function name: public (docs/http-api.md#function-names), never renamed. */
  name: string;
  route: string;
  method: 'GET' | 'POST';
}

/**
 * Every HTTP route is registered here, the same way: under `/api`, `authLevel: 'function'`
 * (docs/http-api.md#authentication), and behind `withApiErrors`, so no error leaves as the host's bare 500.
 */
export function registerRoute(spec: RouteSpec, handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponse>): void {
  functionsApp.http(spec.name, { route: spec.route, methods: [spec.method], authLevel: 'function', handler: withApiErrors(handler) });
}

/** A route that reads or starts orchestrations: the same, with the Durable client bound. */
export function registerDurableRoute(
  spec: RouteSpec,
  handler: (request: HttpRequest, client: df.DurableClient, context: InvocationContext) => Promise<HttpResponse>,
): void {
  functionsApp.http(spec.name, {
    route: spec.route,
    methods: [spec.method],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => handler(request, df.getClient(context), context)),
  });
}
