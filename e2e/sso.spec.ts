import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser } from '@playwright/test';
import { E2E_PORT } from '../playwright.config';
import { OwnServer } from './own-server';
import { expectAccessible } from './support';

/**
 * Single sign-on against a real OpenID Connect exchange: a small provider runs inside the test
 * (discovery, authorization, token and JWKS endpoints, RS256-signed ID tokens), and a Frontline of
 * its own is started pointing at it.
 */

const server = new OwnServer(E2E_PORT + 2, '.data/e2e-sso');
const baseURL = server.baseURL;
const client = { id: 'frontline-e2e', secret: randomBytes(16).toString('hex') };

interface Person {
  sub: string;
  email: string;
  name: string;
  email_verified?: boolean;
}

/** A minimal OpenID Connect provider: signs in whoever `person` is, at once, and checks what a real one would. */
class StubProvider {
  person: Person | null = null;
  /** The query of every authorization request, to check what Frontline asked for. */
  readonly authorizationRequests: URLSearchParams[] = [];
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly codes = new Map<string, { person: Person; redirectUri: string; nonce: string | null; challenge: string | null }>();
  private server: Server | null = null;
  issuer = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => send(res, 500, { error: 'server_error', error_description: String(error) }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', this.issuer);
    switch (url.pathname) {
      case '/.well-known/openid-configuration':
        return send(res, 200, {
          issuer: this.issuer,
          authorization_endpoint: `${this.issuer}/authorize`,
          token_endpoint: `${this.issuer}/token`,
          userinfo_endpoint: `${this.issuer}/userinfo`,
          jwks_uri: `${this.issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid', 'email', 'profile'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          code_challenge_methods_supported: ['S256'],
          claims_supported: ['sub', 'email', 'email_verified', 'name'],
        });
      case '/jwks':
        return send(res, 200, { keys: [{ ...this.keys.publicKey.export({ format: 'jwk' }), kid: 'stub-key', alg: 'RS256', use: 'sig' }] });
      case '/authorize': {
        const query = url.searchParams;
        this.authorizationRequests.push(query);
        const redirectUri = query.get('redirect_uri') ?? '';
        if (query.get('client_id') !== client.id || query.get('response_type') !== 'code' || !redirectUri.startsWith(`${baseURL}/`)) {
          return send(res, 400, { error: 'invalid_request' });
        }
        if (!this.person) return send(res, 500, { error: 'no person configured for the stub' });
        const code = randomBytes(16).toString('hex');
        const challenge = query.get('code_challenge_method') === 'S256' ? query.get('code_challenge') : null;
        this.codes.set(code, { person: this.person, redirectUri, nonce: query.get('nonce'), challenge });
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        if (query.get('state')) back.searchParams.set('state', query.get('state')!);
        res.writeHead(302, { Location: back.toString() }).end();
        return;
      }
      case '/token': {
        const form = new URLSearchParams(await readBody(req));
        const [basicId, basicSecret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
          .toString()
          .split(':')
          .map((part) => decodeURIComponent(part));
        const clientId = form.get('client_id') ?? basicId;
        const clientSecret = form.get('client_secret') ?? basicSecret;
        if (clientId !== client.id || clientSecret !== client.secret) return send(res, 401, { error: 'invalid_client' });
        const grant = this.codes.get(form.get('code') ?? '');
        this.codes.delete(form.get('code') ?? '');
        if (form.get('grant_type') !== 'authorization_code' || !grant || grant.redirectUri !== form.get('redirect_uri')) return send(res, 400, { error: 'invalid_grant' });
        const verifier = form.get('code_verifier') ?? '';
        if (!grant.challenge || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
          return send(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
        }
        const now = Math.floor(Date.now() / 1000);
        const idToken = this.sign({
          iss: this.issuer,
          sub: grant.person.sub,
          aud: client.id,
          iat: now,
          exp: now + 300,
          ...(grant.nonce ? { nonce: grant.nonce } : {}),
          email: grant.person.email,
          email_verified: grant.person.email_verified ?? true,
          name: grant.person.name,
        });
        return send(res, 200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: idToken, scope: 'openid email profile' });
      }
      case '/userinfo':
        return this.person ? send(res, 200, { sub: this.person.sub, email: this.person.email, email_verified: true, name: this.person.name }) : send(res, 401, {});
      default:
        return send(res, 404, { error: 'not_found' });
    }
  }

  private sign(claims: Record<string, unknown>): string {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'stub-key' })}.${encode(claims)}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(this.keys.privateKey).toString('base64url')}`;
  }
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

const provider = new StubProvider();

/** Frontline pointed at the provider; with `autoCreate`, unknown emails become trainees. */
const startFrontline = (autoCreate: boolean) =>
  server.start({
    AUTH_OIDC_ISSUER: provider.issuer,
    AUTH_OIDC_CLIENT_ID: client.id,
    AUTH_OIDC_CLIENT_SECRET: client.secret,
    AUTH_OIDC_NAME: 'Example ID',
    AUTH_OIDC_AUTOCREATE: autoCreate ? '1' : '0',
  });

/** Opens the sign-in page and signs in through the provider as `person`. */
async function signInThroughProvider(browser: Browser, person: Person) {
  provider.person = person;
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/login?from=%2Fprinciples');
  await page.getByRole('button', { name: 'Sign in with Example ID' }).click();
  return { context, page };
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await provider.start();
  rmSync(server.dataDir, { recursive: true, force: true });
});

test.afterAll(async () => {
  server.kill();
  await provider.stop();
});

test.describe('with accounts created by HR only', () => {
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    await startFrontline(false);
  });
  test.afterAll(() => server.kill());

  test('the sign-in page offers the provider next to the password form, accessibly', async ({ browser }) => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto('/login');
    await expect(page.getByRole('button', { name: 'Sign in with Example ID' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
    await expectAccessible(page);
    await context.close();
  });

  test('a known email signs in through the provider and lands where it was going, as that account', async ({ browser }) => {
    const { context, page } = await signInThroughProvider(browser, { sub: 'idp-1001', email: 'Trainee@Frontline.test', name: 'T. Trainee at the provider' });
    await expect(page).toHaveURL(`${baseURL}/principles`);
    // Frontline's own account: its name and role, not the provider's.
    await expect(page.getByRole('banner')).toContainText('Taylor Trainee');
    await expect(page.getByRole('banner')).toContainText('· Trainee');

    const request = provider.authorizationRequests.at(-1)!;
    expect(request.get('scope')?.split(' ').sort()).toEqual(['email', 'openid', 'profile']);
    expect(request.get('code_challenge_method')).toBe('S256');
    expect(request.get('state')).toBeTruthy();
    expect(request.get('redirect_uri')).toBe(`${baseURL}/api/auth/callback/oidc`);

    // A real session: the API answers, and signing out ends it.
    expect((await page.request.get('/api/attempts/00000000-0000-0000-0000-000000000000')).status()).toBe(404);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    expect((await page.request.get('/api/attempts/00000000-0000-0000-0000-000000000000')).status()).toBe(401);
    await context.close();
  });

  test('an unknown email is refused with a message saying what to do', async ({ browser }) => {
    const { context, page } = await signInThroughProvider(browser, { sub: 'idp-2002', email: 'new.starter@frontline.test', name: 'New Starter' });
    await expect(page).toHaveURL(/\/login\?error=sso-unknown$/);
    await expect(page.locator('form').getByRole('alert')).toHaveText('There is no Frontline account for the email your single sign-on gave. Ask HR to create one.');
    expect((await page.request.get('/api/attempts/00000000-0000-0000-0000-000000000000')).status()).toBe(401);
    await expectAccessible(page);
    await context.close();
  });

  test('an email the provider has not verified is refused', async ({ browser }) => {
    const { context, page } = await signInThroughProvider(browser, { sub: 'idp-1002', email: 'trainer@frontline.test', name: 'Robin', email_verified: false });
    await expect(page).toHaveURL(/\/login\?error=sso-unverified$/);
    await expect(page.locator('form').getByRole('alert')).toContainText('did not confirm your email address');
    await context.close();
  });
});

test.describe('with AUTH_OIDC_AUTOCREATE=1', () => {
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    await startFrontline(true);
  });
  test.afterAll(() => server.kill());

  test('an unknown email becomes a trainee and is signed in', async ({ browser }) => {
    const { context, page } = await signInThroughProvider(browser, { sub: 'idp-2002', email: 'new.starter@frontline.test', name: 'New Starter' });
    await expect(page).toHaveURL(`${baseURL}/principles`);
    await expect(page.getByRole('banner')).toContainText('New Starter');
    await expect(page.getByRole('banner')).toContainText('· Trainee');
    await page.goto('/scenarios');
    await expect(page.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
    await context.close();

    // The second time, the same account.
    const again = await signInThroughProvider(browser, { sub: 'idp-2002', email: 'new.starter@frontline.test', name: 'Renamed At The Provider' });
    await expect(again.page).toHaveURL(`${baseURL}/principles`);
    await expect(again.page.getByRole('banner')).toContainText('New Starter');
    await again.context.close();
  });
});
