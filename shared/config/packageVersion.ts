import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The app's package version (SARIF names the tool version), found by walking up from `from`: the same code runs from
 * sources under tests and from dist/ when compiled, at different depths below package.json.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg: unknown = JSON.parse(readFileSync(candidate, 'utf8'));
        if (typeof pkg === 'object' && pkg !== null && 'name' in pkg && pkg.name === 'image-autopilot' && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
      } catch {
        // Unreadable: keep walking up.
      }
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}
