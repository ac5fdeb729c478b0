/**
 * Tag names are case-insensitive in Azure: a tag set through the portal or a script may differ in case from the name we
 * write. `name` is given in lower case; an exact match wins over one differing only in case.
 */
export function readTag(tags: Record<string, string>, name: string): string | undefined {
  if (Object.hasOwn(tags, name)) return tags[name];
  const key = Object.keys(tags).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : tags[key];
}
