import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JSONWebKeySet, type JWTPayload } from 'jose';

/**
 * A learning platform for the LTI tests, run inside the test: its own RSA key and JWKS, a token
 * endpoint that checks the tool's signed client assertion against the tool's public keys, and a
 * line item whose score service records what it is sent. For a browser, `/start` is the course
 * page that begins a launch (a form sent to the tool's login URL), and `/auth` the authorisation
 * endpoint, which answers with the signed launch posted back to the tool, as an LMS does.
 */

export interface ReceivedScore {
  authorization: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

export interface TestPlatform {
  issuer: string;
  clientId: string;
  deploymentId: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  lineItemUrl: string;
  scores: ReceivedScore[];
  /** Client assertions the token endpoint accepted, decoded. */
  assertions: JWTPayload[];
  /** Deep linking responses posted back to `/deep-link-return`, verified with the tool's keys. */
  deepLinks: JWTPayload[];
  /** Signs an id_token as the platform (or with another key, to forge one). */
  sign(claims: Record<string, unknown>, options?: { key?: CryptoKey; kid?: string; expiresInSeconds?: number; issuedAt?: number }): Promise<string>;
  close(): Promise<void>;
}

export interface BrowserLaunch {
  /** The tool's login initiation URL. */
  toolLoginUrl: string;
  /** The target link URI the launch asks for. */
  targetLinkUri: string;
  /** The id_token's claims for the person named by login_hint, with the nonce the tool sent. */
  claimsFor(loginHint: string, nonce: string): Record<string, unknown>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const autoSubmit = (method: 'get' | 'post', action: string, fields: Record<string, string>) =>
  `<!doctype html><html lang="en"><head><title>Test LMS</title></head><body><form method="${method}" action="${escapeHtml(action)}">${Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('')}<button type="submit">Continue</button></form><script>document.forms[0].submit()</script></body></html>`;

export async function startTestPlatform(toolKeys: () => Promise<JSONWebKeySet>, clientId = 'frontline-client', browser?: BrowserLaunch, host = '127.0.0.1'): Promise<TestPlatform> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = 'platform-key-1';
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }] };
  const scores: ReceivedScore[] = [];
  const assertions: JWTPayload[] = [];
  const deepLinks: JWTPayload[] = [];
  const accessToken = 'platform-access-token';

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://platform');
    if (req.method === 'GET' && url.pathname === '/jwks') return answer(res, 200, jwks);
    if (browser && req.method === 'GET' && url.pathname === '/start') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(
        autoSubmit('get', browser.toolLoginUrl, {
          iss: platform.issuer,
          login_hint: url.searchParams.get('person') ?? 'learner-1',
          target_link_uri: browser.targetLinkUri,
          client_id: clientId,
          lti_deployment_id: platform.deploymentId,
        }),
      );
    }
    if (browser && req.method === 'GET' && url.pathname === '/auth') {
      const query = url.searchParams;
      const idToken = await platform.sign(browser.claimsFor(query.get('login_hint') ?? '', query.get('nonce') ?? ''));
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(autoSubmit('post', query.get('redirect_uri') ?? '', { id_token: idToken, state: query.get('state') ?? '' }));
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(text);
      if (form.get('grant_type') !== 'client_credentials') return answer(res, 400, { error: 'unsupported_grant_type' });
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return answer(res, 400, { error: 'invalid_request' });
      try {
        const { payload } = await jwtVerify(form.get('client_assertion') ?? '', createLocalJWKSet(await toolKeys()), {
          issuer: clientId,
          subject: clientId,
          audience: platform.tokenUrl,
          algorithms: ['RS256'],
        });
        assertions.push(payload);
      } catch (error) {
        return answer(res, 401, { error: 'invalid_client', error_description: String(error) });
      }
      return answer(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, scope: form.get('scope') });
    }
    if (req.method === 'POST' && url.pathname === '/deep-link-return') {
      try {
        const { payload } = await jwtVerify(new URLSearchParams(text).get('JWT') ?? '', createLocalJWKSet(await toolKeys()), {
          issuer: clientId,
          audience: platform.issuer,
          algorithms: ['RS256'],
        });
        deepLinks.push(payload);
      } catch (error) {
        res.writeHead(400, { 'Content-Type': 'text/plain' });
        return res.end(`The deep linking response did not verify: ${String(error)}`);
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end('<!doctype html><html lang="en"><head><title>Test LMS</title></head><body><h1>Activities added</h1></body></html>');
    }
    if (req.method === 'POST' && url.pathname === '/lineitems/1/scores') {
      if (req.headers.authorization !== `Bearer ${accessToken}`) return answer(res, 401, { error: 'bad token' });
      scores.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], body: JSON.parse(text) as Record<string, unknown> });
      return answer(res, 200, {});
    }
    return answer(res, 404, { error: `no ${req.method} ${url.pathname}` });
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, host === 'localhost' ? '127.0.0.1' : host, resolve));
  const base = `http://${host}:${(server.address() as AddressInfo).port}`;

  const platform: TestPlatform = {
    issuer: base,
    clientId,
    deploymentId: 'deployment-1',
    authUrl: `${base}/auth`,
    tokenUrl: `${base}/token`,
    jwksUrl: `${base}/jwks`,
    lineItemUrl: `${base}/lineitems/1?course=7`,
    scores,
    assertions,
    deepLinks,
    async sign(claims, options = {}) {
      const now = options.issuedAt ?? Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? kid, typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresInSeconds ?? 300))
        .sign(options.key ?? privateKey);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return platform;
}
