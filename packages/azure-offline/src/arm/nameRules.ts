/**
 * ARM's naming rules for the resources the app creates, as pure functions returning the problem (or undefined), so
 * they can be table-tested and property-tested apart from the server.
 */
const MAX_INT32 = 2147483647;

export function galleryNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 80) return `The gallery name '${name}' must be 1 to 80 characters long.`;
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name)) {
    return `The gallery name '${name}' may contain only letters, digits, underscores and periods, and must start and end with a letter or digit.`;
  }
  return undefined;
}

export function imageNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 80) return `The gallery image name '${name}' must be 1 to 80 characters long.`;
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/.test(name)) {
    return `The gallery image name '${name}' may contain only letters, digits, hyphens, underscores and periods, and must start and end with a letter or digit.`;
  }
  return undefined;
}

/** `Major.Minor.Patch`, each a 32-bit signed integer. */
export function versionNameProblem(name: string): string | undefined {
  const parts = name.split('.');
  const valid =
    parts.length === 3 && parts.every((p) => /^\d{1,10}$/.test(p) && Number(p) <= MAX_INT32);
  return valid
    ? undefined
    : `The gallery image version name '${name}' is invalid. It must follow the format Major(int32).Minor(int32).Patch(int32), e.g. 1.0.0 or 2018.12.1.`;
}

export function compareVersionNames(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** `2025-03-03` or `2025-03-03-preview`; ARM answers 400 InvalidApiVersionParameter to anything else. */
export function apiVersionProblem(apiVersion: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(-preview)?$/.exec(apiVersion);
  if (!m) return `The api-version '${apiVersion}' is invalid. The supported format is 'yyyy-MM-dd' or 'yyyy-MM-dd-preview'.`;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return `The api-version '${apiVersion}' is not a valid date.`;
  return undefined;
}

/** VM computer names: Linux ≤ 64, Windows ≤ 15 characters; no spaces or special characters. */
export function computerNameProblem(name: string, osType: 'Linux' | 'Windows'): string | undefined {
  const max = osType === 'Windows' ? 15 : 64;
  if (name.length < 1 || name.length > max) return `The computer name '${name}' must be 1 to ${max} characters long for ${osType}.`;
  if (!/^[A-Za-z0-9][A-Za-z0-9-.]*$/.test(name) || (osType === 'Windows' && /^\d+$/.test(name))) {
    return `The computer name '${name}' may contain only letters, digits, hyphens and periods, and must start with a letter or digit.`;
  }
  return undefined;
}
