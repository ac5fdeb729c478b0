/**
 * Typed names of durable functions. The phantom `types` member carries input and output types from
 * functions/contracts/ to the call helpers, so an orchestrator cannot pass the wrong input or misread an output.
 */
export interface ActivityDescriptor<I, O> {
  readonly kind: 'activity';
  readonly name: string;
  readonly types?: { input: I; output: O };
}

export interface OrchestratorDescriptor<I, O> {
  readonly kind: 'orchestrator';
  readonly name: string;
  readonly types?: { input: I; output: O };
}

export type InputOf<D> = D extends ActivityDescriptor<infer I, unknown> | OrchestratorDescriptor<infer I, unknown> ? I : never;
export type OutputOf<D> = D extends ActivityDescriptor<unknown, infer O> | OrchestratorDescriptor<unknown, infer O> ? O : never;

export function activity<I, O>(name: string): ActivityDescriptor<I, O> {
  return { kind: 'activity', name };
}

export function orchestrator<I, O>(name: string): OrchestratorDescriptor<I, O> {
  return { kind: 'orchestrator', name };
}
