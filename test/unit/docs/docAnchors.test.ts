import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Code comments and docs cite sections as `docs/<page>.md#<anchor>`; a renamed heading would leave them pointing
 * nowhere. Every such citation, and every markdown link with an anchor in README.md and docs/, must name a heading
 * that exists, using GitHub's anchor rules.
 */
const SKIP = new Set(['node_modules', 'dist', 'coverage', '.local', '.git']);
const SOURCE = /\.(ts|mts|cjs|mjs|md)$/;

function repoFiles(dir = '.'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = dir === '.' ? entry.name : join(dir, entry.name);
    if (entry.isDirectory()) return repoFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

/** GitHub's heading anchors: lower-cased, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = (heading[1] ?? '').toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

interface Citation {
  from: string;
  page: string;
  anchor: string;
}

function citations(file: string, text: string): Citation[] {
  const out: Citation[] = [];
  // Root-relative citations of the app's docs folder, or of a package's (packages/<name>/docs/...).
  for (const m of text.matchAll(/(?<![\w./-])((?:packages\/[\w-]+\/)?docs\/[\w-]+\.md)#([\w-]+)/g)) out.push({ from: file, page: m[1] ?? '', anchor: m[2] ?? '' });
  if (file.endsWith('.md')) {
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
    for (const m of text.matchAll(/\]\(([\w./-]*?)#([\w-]+)\)/g)) {
      const target = m[1] ?? '';
      if (/^[a-z]+:/.test(target) || /^(packages\/[\w-]+\/)?docs\//.test(target)) continue;
      out.push({ from: file, page: target === '' ? file : join(dir, target), anchor: m[2] ?? '' });
    }
  }
  return out;
}

describe('section citations', () => {
  it.each<[string, string, string[]]>([
    ['plain words', '## Orchestration conventions', ['orchestration-conventions']],
    ['punctuation and code', "### The run's output\n## Event-triggered captures (`vmGeneralized`)", ['the-runs-output', 'event-triggered-captures-vmgeneralized']],
    ['commas', '## Activities, adapters and state', ['activities-adapters-and-state']],
    ['repeated headings', '## Tests\n## Tests', ['tests', 'tests-1']],
    ['headings inside code fences are not headings', '```\n# not a heading\n```\n## Real', ['real']],
  ])('anchors: %s', (_name, markdown, expected) => {
    expect([...headingAnchors(markdown)]).toEqual(expected);
  });

  it('every docs/<page>.md#<anchor> in the repository names an existing heading', () => {
    const found = repoFiles().flatMap((file) => citations(file, readFileSync(file, 'utf8')));
    expect(found.length).toBeGreaterThan(10);
    const broken = found.filter(({ page, anchor }) => !existsSync(page) || !headingAnchors(readFileSync(page, 'utf8')).has(anchor));
    expect(broken).toEqual([]);
  });

  it('no file cites a document the repository does not contain', () => {
    // The design notes the project started from live outside the repository; what the code relies on is in docs/.
    const outside = new RegExp(['DESIGN(\\.md)?\\s?\u00a7', 'local-host-protocol\\.md'].join('|'));
    const citing = repoFiles().filter((file) => outside.test(readFileSync(file, 'utf8')));
    expect(citing).toEqual([]);
  });
});
