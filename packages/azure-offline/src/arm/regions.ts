/** ARM accepts `West Europe` and `westeurope` alike; everything region-shaped is compared in this form. */
export function normalizeRegion(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}
