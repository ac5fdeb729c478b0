/**
 * A gallery shared directly (`Groups`) or to the community may have users no scan can see (docs/architecture.md#deleting-and-in-use): any
 * permission other than `Private` counts as shared, including values ARM may add later.
 */
export function isGalleryShared(permissions: string): boolean {
  return permissions.toLowerCase() !== 'private';
}
