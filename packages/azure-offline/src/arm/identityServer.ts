/**
 * The App Service managed-identity endpoint (API 2019-08-01) on plain HTTP, so `ManagedIdentityCredential` works
 * unchanged with IDENTITY_ENDPOINT / IDENTITY_HEADER. Tokens expire on real time: MSAL compares with the wall clock.
 */
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface IdentityServer {
  endpoint: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  header: string;
  close(): Promise<void>;
}

const TOKEN_LIFETIME_SECONDS = 24 * 3600;

function send(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * `documents` serves other public GET documents of the same origin (the Entra issuer's discovery document and JWKS),
 * undefined for a path it does not know.
 */
export async function startIdentityServer(header: string = randomBytes(16).toString('hex'), documents: (path: string) => unknown = () => undefined): Promise<IdentityServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const document = req.method === 'GET' ? documents(url.pathname) : undefined;
    if (document !== undefined) return send(res, 200, document);
    if (url.pathname !== '/msi/token') return send(res, 404, { error: 'not_found', error_description: `No token endpoint at '${url.pathname}'; use /msi/token.` });
    if (req.method !== 'GET') return send(res, 405, { error: 'invalid_request', error_description: 'Use GET.' });
    if (req.headers['x-identity-header'] !== header) {
      return send(res, 401, { error: 'unauthorized_client', error_description: "The 'X-IDENTITY-HEADER' header is missing or wrong." });
    }
    const resource = url.searchParams.get('resource');
    if (!resource) return send(res, 400, { error: 'invalid_request', error_description: "The 'resource' query parameter is required." });
    if (url.searchParams.get('api-version') !== '2019-08-01') {
      return send(res, 400, { error: 'invalid_request', error_description: "The 'api-version' query parameter must be 2019-08-01." });
    }
    const expiresOn = Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_SECONDS;
    const clientId = url.searchParams.get('client_id') ?? '00000000-0000-0000-0000-00000000e1a1';
    send(res, 200, {
      access_token: `emulated.${Buffer.from(JSON.stringify({ aud: resource, appid: clientId })).toString('base64url')}.${randomBytes(8).toString('hex')}`,
      expires_on: String(expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: clientId,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/msi/token`,
    origin: `http://127.0.0.1:${port}`,
    header,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
