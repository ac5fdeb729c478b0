import type { FunctionInput, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { quoted } from '../../shared/domain/quoted';
import { settleActivityError } from './settleActivityError';
import type { ActivityDescriptor, OrchestratorDescriptor } from '../durable/descriptors';

export type ActivityHandler<I, O> = (input: I, context: InvocationContext) => Promise<O> | O;

/**
 * Registers an activity under its contract name. A THROTTLED failure carrying a wait longer than the adapter
 * may block becomes the "retry after T" envelope, so the orchestration sleeps on a durable timer instead; a
 * permanent failure comes back as data so the call helper fails without retrying. Every other error propagates
 * with its `CODE: ` message intact, for the durable retry policy.
 */
export function registerActivity<I, O>(
  descriptor: ActivityDescriptor<I, O>,
  handler: ActivityHandler<I, O>,
  extraInputs: FunctionInput[] = [],
): void {
  df.app.activity(descriptor.name, {
    extraInputs,
    handler: async (input: unknown, context: InvocationContext) => {
      try {
        // The input was produced by our own orchestrator through the same typed descriptor.
        return await handler(input as I, context);
      } catch (error) {
        const settled = settleActivityError(error);
        if (settled === undefined) throw error;
        context.warn(`${descriptor.name}: ${quoted(error, 500)}`);
        return settled;
      }
    },
  });
}

export type OrchestratorHandler<I, O> = (context: df.OrchestrationContext, input: I) => Generator<df.Task, O, unknown>;

export function registerOrchestrator<I, O>(descriptor: OrchestratorDescriptor<I, O>, handler: OrchestratorHandler<I, O>): void {
  df.app.orchestration(descriptor.name, function* (context: df.OrchestrationContext) {
    // Inputs are built by our triggers through the same typed descriptor.
    const input = context.df.getInput() as I;
    return yield* handler(context, input);
  });
}
