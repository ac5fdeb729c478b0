import type { CheckNamesInput, CheckNamesOutput } from '../contracts';
import { checkName } from '../../shared/domain/names';

/** The catalog's naming rules on the gallery, image and planned version: a plan, recorded in history. */
export function checkNames(input: CheckNamesInput): CheckNamesOutput {
  return {
    violations: [
      ...checkName('gallery', input.gallery, input.naming.gallery),
      ...checkName('imageDefinition', input.image, input.naming.imageDefinition),
      ...checkName('version', input.version, input.naming.version),
    ],
  };
}
