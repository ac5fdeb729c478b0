/**
 * The emulator's TLS material: a private CA (its PEM is what clients trust) and a server certificate it signs for
 * 127.0.0.1 and localhost. Generated once per state folder and reused, so a trusted CA stays trusted across restarts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  caFile: string;
  caPem: string;
  key: string;
  cert: string;
}

const CA_FILE = 'arm-ca.pem';
const KEY_FILE = 'arm-server.key';
const CERT_FILE = 'arm-server.pem';
const YEAR_MS = 365 * 24 * 3600 * 1000;

export async function loadOrCreateTls(dir: string): Promise<TlsMaterial> {
  const caFile = resolve(join(dir, CA_FILE));
  const keyFile = join(dir, KEY_FILE);
  const certFile = join(dir, CERT_FILE);
  if (existsSync(caFile) && existsSync(keyFile) && existsSync(certFile)) {
    return { caFile, caPem: readFileSync(caFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  }
  // SHA-256 matters: Node refuses CAs signed with the library's default SHA-1 ("ca md too weak").
  const notAfterDate = new Date(Date.now() + 5 * YEAR_MS);
  const ca = await generate([{ name: 'commonName', value: 'Image Autopilot emulated ARM CA' }], {
    algorithm: 'sha256',
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    algorithm: 'sha256',
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
      { name: 'extKeyUsage', serverAuth: true },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(caFile, ca.cert);
  writeFileSync(keyFile, server.private, { mode: 0o600 });
  writeFileSync(certFile, server.cert);
  return { caFile, caPem: ca.cert, key: server.private, cert: server.cert };
}
