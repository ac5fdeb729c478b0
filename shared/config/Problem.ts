/** One validation finding: where (a dotted/bracketed path such as `images[2].targetRegions[0].replicas`) and what. */
export interface Problem {
  path: string;
  message: string;
  /** 1-based line in the YAML where the path (or its nearest existing parent) is, when known. */
  line?: number;
  /** A stable rule id where one exists (naming problems carry checkName's, e.g. `azure.gallery.charset`). */
  rule?: string;
}

/** Renders a zod/JS path the way users write it in YAML: `images[2].targetRegions[0].replicas`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out === '' ? '(root)' : out;
}

/** A short, single-line rendering of an offending value; long values are cut so one bad blob cannot flood the report. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** The inverse of formatPath, for locating a problem in the YAML; undefined for paths that are not data paths. */
export function parsePath(path: string): (string | number)[] | undefined {
  const segments: (string | number)[] = [];
  const token = /(?:^|\.)([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let match: RegExpExecArray | null;
  while (token.lastIndex < path.length && (match = token.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(match[3]) as string);
  }
  return token.lastIndex === path.length && segments.length > 0 ? segments : undefined;
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `  - ${p.path}: ${p.message}${p.line === undefined ? '' : ` (line ${p.line})`}`).join('\n');
}

/** Same finding reached twice (e.g. an inherited default checked once per image) is reported once. */
export function dedupeProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
