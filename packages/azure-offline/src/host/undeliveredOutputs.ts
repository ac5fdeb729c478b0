/**
 * Output bindings other than `$return` (what a function sets through `context.extraOutputs`) need the extension
 * that owns them — Storage, Service Bus, Twilio … — and the local host has none. Dropping such a value would let an
 * app pass locally and lose messages in Azure's place, so an invocation that sets one fails, naming the binding.
 */
import type { CoreParameterBinding } from './coreApiTypes';
import type { RegisteredFunction } from './ports';

export class UnsupportedOutputBindingError extends Error {
  constructor(
    readonly functionName: string,
    readonly bindings: { name: string; type: string }[],
  ) {
    const list = bindings.map((b) => `'${b.name}' (type '${b.type}')`).join(', ');
    super(
      `function '${functionName}' set output binding ${list} through context.extraOutputs, but the local host delivers ` +
        `only the '$return' binding; the value would be lost, so the invocation fails instead. Send it with the service's ` +
        `SDK client, or leave the binding unset when running locally.`,
    );
    this.name = 'UnsupportedOutputBindingError';
  }
}

/** The output bindings of `outputData` that carry a value; their types come from the function's registration. */
export function undeliveredOutputs(fn: RegisteredFunction, outputData: readonly CoreParameterBinding[] | undefined): { name: string; type: string }[] {
  return (outputData ?? [])
    .filter((entry) => entry.name !== '$return')
    .map((entry) => ({ name: entry.name, type: fn.bindings.find((b) => b.name === entry.name)?.type ?? 'unknown' }));
}
