import type { HttpResponse } from '@azure/functions';
import { checkAzureName } from '../../../shared/domain/names';
import { validationFailed } from './errorResponse';

/**
 * An image name from a route, against Azure's image definition rules: a name Azure could never have is a 400 naming
 * the field and the rule, not a 404 that suggests it might exist.
 */
export function invalidImageName(name: string, path = 'image'): HttpResponse | undefined {
  const violations = checkAzureName('imageDefinition', name);
  if (violations.length === 0) return undefined;
  return validationFailed(`${path} is not a valid image name`, violations.map((v) => ({ path, message: `${v.message} (${v.rule})` })));
}
