/**
 * Deployment files must not carry credentials: the design is keyless (managed identity everywhere), so any
 * key, connection string with a key, SAS token or key-listing function in infra or the deploy guide is a defect.
 */
import type { SourceFile } from './sourceFile';

interface SecretPattern {
  pattern: RegExp;
  what: string;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { pattern: /AccountKey\s*=/i, what: 'storage connection string with an account key' },
  { pattern: /DefaultEndpointsProtocol\s*=/i, what: 'storage connection string' },
  { pattern: /SharedAccessKey(Name)?\s*=/i, what: 'shared access key' },
  { pattern: /SharedAccessSignature\s*=/i, what: 'shared access signature' },
  { pattern: /[?&]sig=[A-Za-z0-9%+/=]{8,}/, what: 'SAS signature' },
  { pattern: /[?&]sv=\d{4}-\d{2}-\d{2}&/, what: 'SAS token' },
  { pattern: /[?&]code=[A-Za-z0-9_\-=]{16,}/, what: 'function key in a URL' },
  { pattern: /InstrumentationKey=[0-9a-f]{8}-/i, what: 'Application Insights key literal' },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, what: 'private key' },
  { pattern: /\blist(Keys|AccountSas|ServiceSas|Secrets|ConnectionStrings)\s*\(/i, what: 'key-listing function' },
  { pattern: /\.list(Keys|AccountSas|ServiceSas|Secrets|ConnectionStrings)\s*\(/i, what: 'key-listing function' },
  { pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,}={1,2}(?![A-Za-z0-9+/=])/, what: 'base64 key' },
];

export function secretLiterals(files: readonly SourceFile[]): string[] {
  return files.flatMap((file) =>
    file.text.split('\n').flatMap((line, index) =>
      SECRET_PATTERNS.filter((p) => p.pattern.test(line)).map((p) => `${file.path}:${index + 1}: looks like a ${p.what}`),
    ),
  );
}
