import type { CoreFunctionMetadata } from './coreApiTypes';
import type { RegisteredBinding, RegisteredFunction } from './ports';
import { resolveBindingOptions } from './resolveSettings';

const TRIGGER_TYPE = /trigger$/i;

/** The host's view of one captured registration: bindings keyed by their (generated) names, `%NAME%` resolved. */
export function toRegisteredFunction(
  metadata: CoreFunctionMetadata,
  settings: Readonly<Record<string, string | undefined>>,
): RegisteredFunction {
  const bindings: RegisteredBinding[] = [];
  let triggerType: string | undefined;
  for (const [name, info] of Object.entries(metadata.bindings)) {
    const type = typeof info.type === 'string' ? info.type : '';
    const direction: RegisteredBinding['direction'] = info.direction === 'out' || info.direction === 'inout' ? info.direction : 'in';
    const resolved = resolveBindingOptions({ ...info, name, type, direction }, settings, `function '${metadata.name}' binding '${name}'`);
    bindings.push(resolved);
    if (TRIGGER_TYPE.test(type)) triggerType = type;
  }
  if (triggerType === undefined) {
    throw new Error(`function '${metadata.name}': no trigger binding (a binding whose type ends in 'Trigger') was registered`);
  }
  return { name: metadata.name, triggerType, bindings };
}

export function triggerBinding(fn: RegisteredFunction): RegisteredBinding {
  const found = fn.bindings.find((b) => TRIGGER_TYPE.test(b.type));
  if (!found) throw new Error(`function '${fn.name}' has no trigger binding`);
  return found;
}
