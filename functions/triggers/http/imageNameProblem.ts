import type { HttpRequest, HttpResponse } from '@azure/functions';
import type { Catalog, ImageSpec } from '../../../shared/domain/catalog';
import { checkAzureName } from '../../../shared/domain/names';
import { notFound, validationFailed } from './errorResponse';

/**
 * An image name from a route, against Azure's image definition rules: a name Azure could never have is a 400 naming
 * the field and the rule, not a 404 that suggests it might exist.
 */
export function invalidImageName(name: string, path = 'image'): HttpResponse | undefined {
  const violations = checkAzureName('imageDefinition', name);
  if (violations.length === 0) return undefined;
  return validationFailed(`${path} is not a valid image name`, violations.map((v) => ({ path, message: `${v.message} (${v.rule})` })));
}

/**
 * The catalog image a route's `{image}` names: 400 for a name Azure could never have, 404 NOT_FOUND (naming `image`)
 * for one the catalog does not list. Image names match case-insensitively, as in ARM.
 */
export function routeImage(catalog: Pick<Catalog, 'images'>, request: HttpRequest): { ok: true; image: ImageSpec } | { ok: false; response: HttpResponse } {
  const name = request.params['image'] ?? '';
  const invalid = invalidImageName(name);
  if (invalid) return { ok: false, response: invalid };
  const image = catalog.images.find((i) => i.name.toLowerCase() === name.toLowerCase());
  if (!image) return { ok: false, response: notFound(`image ${JSON.stringify(name.slice(0, 100))} is not in the catalog`, 'image') };
  return { ok: true, image };
}
