/**
 * The one error type handlers throw: ARM answers every failure with `{ error: { code, message } }`, so a handler
 * only has to name the status, ARM's code and a message that names the field and the rule.
 */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

export interface ArmErrorBody {
  error: { code: string; message: string; details?: { code: string; message: string }[] };
}

export function armErrorBody(code: string, message: string): ArmErrorBody {
  return { error: { code, message } };
}

export const badRequest = (code: string, message: string) => new ArmError(400, code, message);
export const notFound = (code: string, message: string) => new ArmError(404, code, message);
export const conflict = (code: string, message: string) => new ArmError(409, code, message);
/** ARM's answer to a PUT with `If-None-Match: *` when the resource already exists: nothing is written. */
export const createOnlyRefused = (type: string, name: string) =>
  new ArmError(412, 'PreconditionFailed', `The resource '${type}/${name}' already exists; the request's If-None-Match: * allows only creating it.`);

/** ARM's 404 for a missing resource reads `The Resource '<type>/<name>' under resource group '<rg>' was not found.` */
export function resourceNotFound(type: string, name: string, resourceGroup?: string): ArmError {
  const where = resourceGroup ? ` under resource group '${resourceGroup}'` : '';
  return notFound('ResourceNotFound', `The Resource '${type}/${name}'${where} was not found.`);
}
