import { expect, request as playwrightRequest, test, type APIRequestContext, type APIResponse, type Page } from '@playwright/test';
import { builtin, expectAccessible, playPath, scoredPaths, signIn, startScenario, storageStateFor } from './support';

const CSP = 'content-security-policy';

/** Every value of a header, so a response that carries it twice is caught. */
const valuesOf = (response: APIResponse, name: string) =>
  response
    .headersArray()
    .filter((header) => header.name.toLowerCase() === name)
    .map((header) => header.value);

/** The headers every response must carry; returns its one Content-Security-Policy. */
function expectSecurityHeaders(response: APIResponse): string {
  const where = `${response.status()} ${response.url()}`;
  expect(valuesOf(response, 'x-content-type-options'), where).toEqual(['nosniff']);
  expect(valuesOf(response, 'referrer-policy'), where).toEqual(['strict-origin-when-cross-origin']);
  expect(valuesOf(response, 'x-frame-options'), where).toEqual(['DENY']);
  expect(valuesOf(response, 'permissions-policy'), where).toHaveLength(1);
  expect(valuesOf(response, 'permissions-policy')[0], where).toContain('camera=()');
  const policies = valuesOf(response, CSP);
  expect(policies, `${where}: exactly one Content-Security-Policy`).toHaveLength(1);
  const policy = policies[0]!;
  expect(policy, where).toContain("frame-ancestors 'none'");
  expect(policy, where).not.toContain('unsafe-eval');
  expect(policy, where).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  return policy;
}

/** The nonce of a page's policy; also checks the rest of its script policy. */
function nonceOf(policy: string): string {
  const scriptSrc = /(?:^|;\s*)script-src ([^;]*)/.exec(policy)?.[1];
  expect(scriptSrc, policy).toBeDefined();
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc!)?.[1];
  expect(nonce, policy).toBeDefined();
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("base-uri 'self'");
  expect(policy).toContain("form-action 'self'");
  return nonce!;
}

const LOCKED_DOWN = "default-src 'none'; frame-ancestors 'none'";
// Build files may be run as Web Workers, which load the app's other chunks.
const BUILD_FILES = "default-src 'none'; script-src 'self'; frame-ancestors 'none'";

let anonymous: APIRequestContext;
let trainee: APIRequestContext;
test.beforeAll(async ({ baseURL }) => {
  anonymous = await playwrightRequest.newContext({ baseURL, maxRedirects: 0 });
  trainee = await playwrightRequest.newContext({ baseURL, maxRedirects: 0, storageState: storageStateFor('trainee') });
});
test.afterAll(async () => {
  await anonymous.dispose();
  await trainee.dispose();
});

test.describe('response headers', () => {
  test('a page: a fresh nonce on every response, and on every script Next.js renders', async () => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await anonymous.get('/login');
      expect(response.status()).toBe(200);
      const nonce = nonceOf(expectSecurityHeaders(response));
      const html = await response.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);

    const signedIn = await trainee.get('/scenarios');
    expect(signedIn.status()).toBe(200);
    expect(nonceOf(expectSecurityHeaders(signedIn))).not.toBe(nonces[1]);
  });

  test('route handlers: JSON answers, errors and next-auth get locked-down policies', async () => {
    const health = await anonymous.get('/api/health');
    expect(health.status()).toBe(200);
    expect(expectSecurityHeaders(health)).toBe(LOCKED_DOWN);

    const unauthenticated = await anonymous.get('/api/attempts/00000000-0000-0000-0000-000000000000');
    expect(unauthenticated.status()).toBe(401);
    expect(expectSecurityHeaders(unauthenticated)).toBe(LOCKED_DOWN);

    const missing = await trainee.get('/api/no-such-route');
    expect(missing.status()).toBe(404);
    expect(expectSecurityHeaders(missing)).toBe(LOCKED_DOWN);

    const session = await trainee.get('/api/auth/session');
    expect(session.status()).toBe(200);
    const authPolicy = expectSecurityHeaders(session);
    expect(authPolicy).toContain("default-src 'none'");
    expect(authPolicy).not.toContain('script-src');
  });

  test('static files: the build’s scripts, public files and metadata routes', async () => {
    const html = await (await anonymous.get('/login')).text();
    const chunk = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(chunk).toBeDefined();
    const script = await anonymous.get(chunk!);
    expect(script.status()).toBe(200);
    expect(script.headers()['content-type']).toContain('javascript');
    expect(expectSecurityHeaders(script)).toBe(BUILD_FILES);

    const stylesheet = /<link[^>]+href="(\/_next\/static\/[^"]+\.css)"/.exec(html)?.[1];
    expect(stylesheet).toBeDefined();
    expect(expectSecurityHeaders(await anonymous.get(stylesheet!))).toBe(BUILD_FILES);

    // Files are never sent to sign in.
    for (const path of ['/scenario.schema.json', '/icon.svg']) {
      const file = await anonymous.get(path);
      expect(file.status(), path).toBe(200);
      expectSecurityHeaders(file);
    }
  });

  test('not found: a missing page, a missing file and a missing build file', async () => {
    const page = await trainee.get('/no-such-page');
    expect(page.status()).toBe(404);
    nonceOf(expectSecurityHeaders(page));
    expect(await page.text()).toContain('Not found');

    const file = await anonymous.get('/no-such-file.png');
    expect(file.status()).toBe(404);
    nonceOf(expectSecurityHeaders(file));

    const chunk = await anonymous.get('/_next/static/chunks/no-such-chunk.js');
    expect(chunk.status()).toBe(404);
    expect(expectSecurityHeaders(chunk)).toBe(BUILD_FILES);
  });

  test('only pages that need a session send a visitor without one to sign in', async () => {
    const redirect = await anonymous.get('/settings?tab=1');
    expect(redirect.status()).toBe(307);
    expect(redirect.headers().location).toMatch(/\/login\?from=%2Fsettings%3Ftab%3D1$/);
    expect(expectSecurityHeaders(redirect)).toBe(LOCKED_DOWN);

    for (const path of ['/login', '/login?from=%2Fsettings', '/set-password/some-token', '/api/health', '/api/attempts', '/scenario.schema.json', '/icon.svg']) {
      const response = await anonymous.get(path);
      expect(response.headers().location ?? '', path).not.toContain('/login');
      expectSecurityHeaders(response);
    }
  });
});

/** Collects every policy violation the page reports, in the console or as an event. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply|evaluate)/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  await page.exposeFunction('reportPolicyViolation', (text: string) => violations.push(`event: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportPolicyViolation: (text: string) => void }).reportPolicyViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.documentURI}`,
      );
    });
  });
  return violations;
}

test.describe('in the browser', () => {
  test('every page works under the policy: sign in, the library, principles, settings, a briefing, the player and the debrief', async ({ page }) => {
    const violations = await watchViolations(page);

    // The sign-in form is a client component: it only works once hydrated.
    await signIn(page, 'trainee@frontline.test', '/scenarios');
    await expect(page.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
    await expectAccessible(page);

    for (const [path, heading] of [
      ['/principles', 'Service principles'],
      ['/settings', 'Settings'],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    }

    // A client-side navigation through the header's links: the window survives it.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Scenarios' }).click();
    await expect(page).toHaveURL(/\/scenarios$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    const scenario = builtin('closing-well');
    const path = scoredPaths(scenario).filter((p) => p.passed)[0]!;
    await startScenario(page, scenario.doc.id);
    await playPath(page, scenario, path);
    await expect(page.getByRole('heading', { name: 'The conversation is over' })).toBeVisible();
    await page.getByRole('link', { name: 'See your debrief' }).click();
    await expect(page).toHaveURL(/\/attempts\//);
    await expect(page.getByRole('meter', { name: 'Overall score' })).toBeVisible();

    expect(violations).toEqual([]);
  });

  test('an injected script without the nonce does not run, and the page still does', async ({ page, context }) => {
    await context.addCookies((await trainee.storageState()).cookies);
    const violations = await watchViolations(page);
    // As if someone had managed to get markup into the page: a script tag and an event handler.
    await page.route('**/scenarios', async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        '</body>',
        '<script>document.body.dataset.injected = "script"</script><img src="data:," onload="document.body.dataset.handler = \'ran\'" alt=""></body>',
      );
      await route.fulfill({ response, body: html });
    });
    await page.goto('/scenarios');
    await expect(page.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
    await expect.poll(() => violations.length).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => ({ ...document.body.dataset }))).toEqual({});
    expect(violations.filter((v) => v.startsWith('event:'))).toEqual([expect.stringContaining('script-src'), expect.stringContaining('script-src')]);

    // Next.js's own scripts carry the nonce, so the page hydrated: its links navigate without a reload.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Principles' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Service principles' })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });
});
