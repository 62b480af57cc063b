import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, NEW_PERSON_PASSWORD, newTrainee, signInStartAndSignOutAt, storageStateFor } from './support';

/** What a probe of the running app found (docs/security.md, "Hardening"), each checked so it cannot come back. */

test.describe('returning after sign-in', () => {
  test.use({ storageState: storageStateFor('trainee') });

  test('never leads off the site, however `from` is disguised, and never answers 500', async ({ request, baseURL }) => {
    for (const from of [
      '/%09/evil.example/phish',
      '/%0a/evil.example',
      '/%0d%0a/evil.example',
      '/%5Cevil.example',
      '//evil.example',
      '/.//evil.example',
      '/%E3%80%82/x',
      '/%0a/x',
    ]) {
      const response = await request.get(`/login?from=${from}`, { maxRedirects: 0 });
      expect(response.status(), from).toBeLessThan(500);
      const location = response.headers()['location'];
      if (location) expect(new URL(location, baseURL).origin, `${from} → ${location}`).toBe(new URL(baseURL!).origin);
    }
  });
});

test.describe('text the database cannot store', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('is refused with 400 naming where it is: in a JSON field, a query parameter of a page or of the API, and the sign-in form', async ({ request, playwright, baseURL }) => {
    const body = await request.post('/api/modules', { data: { title: 'Week\u0000one', steps: ['closing-well'], defaultDueDays: 7 }, headers: { origin: baseURL! } });
    expect(body.status()).toBe(400);
    expect(await body.json()).toMatchObject({ error: { code: 'invalid', details: [{ path: 'title', message: expect.stringContaining('NUL') }] } });

    const page = await request.get('/hr?team=Bil%00ling');
    expect(page.status()).toBe(400);
    expect(await page.text()).toContain('the query parameter "team" has a NUL character');
    const api = await request.get('/api/hr/assignments/export?team=%00');
    expect(api.status()).toBe(400);
    expect(await api.json()).toMatchObject({ error: { code: 'invalid' } });

    // Anonymous: the sign-in form with a NUL in the email is a failed sign-in, not a server error.
    const anonymous = await playwright.request.newContext({ baseURL });
    const { csrfToken } = (await (await anonymous.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const signIn = await anonymous.post('/api/auth/callback/credentials', {
      form: { email: 'trainee@demo\u0000.test', password: DEMO_PASSWORD, csrfToken, json: 'true' },
      maxRedirects: 0,
    });
    expect(signIn.status()).toBeLessThan(500);
    expect(signIn.headers()['location'] ?? '').not.toContain('/api/auth/error');
    await anonymous.dispose();
  });

  test('a method the site does not answer is 405 with the methods it does, not a 500', async ({ baseURL }) => {
    // Sent raw: TRACE and CONNECT are methods a Fetch client refuses to make, and Next.js could not
    // make a request of them either (it answered 500); `npm start`'s server refuses them first.
    // TRACK and BREW are names Node's HTTP parser does not know: it refuses them with 400 itself.
    for (const method of ['TRACE', 'CONNECT', 'PROPFIND', 'TRACK', 'BREW']) {
      for (const path of ['/', '/api/health']) {
        const { status, allow } = await rawRequest(baseURL!, method, method === 'CONNECT' ? new URL(baseURL!).host : path);
        expect(status, `${method} ${path}`).toBe(['TRACK', 'BREW'].includes(method) ? 400 : 405);
        if (status === 405) expect(allow, `${method} ${path}`).toContain('GET');
      }
    }
  });
});

/** One request on a fresh connection, with any method and request target. */
function rawRequest(baseURL: string, method: string, target: string): Promise<{ status: number; allow: string | undefined }> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: hostname, port, method, path: target, agent: false }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, allow: response.headers.allow });
    });
    // Node answers CONNECT through its own event.
    request.on('connect', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, allow: response.headers.allow });
    });
    request.on('error', reject);
    request.end();
  });
}

test.describe('the session', () => {
  test.use({ storageState: storageStateFor('admin') });

  test('reports the role the server grants now, and nobody once the account is deactivated', async ({ request, playwright, baseURL }) => {
    const email = `session-${Date.now().toString(36)}@example.test`;
    const created = await request.post('/api/admin/users', { data: { name: 'Sid Session', email, role: 'trainee' }, headers: { origin: baseURL! } });
    expect(created.status()).toBe(201);
    const { user, link } = (await created.json()) as { user: { id: string }; link: string };
    const password = 'harbour lantern evening';
    expect((await request.post('/api/password', { data: { token: link.split('/').pop(), password }, headers: { origin: baseURL! } })).status()).toBe(200);

    const person = await playwright.request.newContext({ baseURL });
    const { csrfToken } = (await (await person.get('/api/auth/csrf')).json()) as { csrfToken: string };
    await person.post('/api/auth/callback/credentials', { form: { email, password, csrfToken, json: 'true' } });
    const session = async () => (await (await person.get('/api/auth/session')).json()) as { user?: { role?: string } };
    expect((await session()).user?.role).toBe('trainee');

    const change = (data: object) => request.patch(`/api/admin/users/${user.id}`, { data, headers: { origin: baseURL! } });
    expect((await change({ role: 'trainer' })).status()).toBe(200);
    expect((await session()).user?.role).toBe('trainer');
    expect((await change({ active: false })).status()).toBe(200);
    expect((await session()).user).toBeUndefined();
    await person.dispose();
  });
});

test.describe('the site at another address than it calls itself', () => {
  test('signed in at 127.0.0.1 while the site is localhost, starting a conversation and signing out work and stay at 127.0.0.1', async ({ browser, baseURL, playwright }) => {
    // A person of the test's own: signing out ends every session of theirs, and other specs share the demo trainee's.
    const admin = await playwright.request.newContext({ baseURL, storageState: storageStateFor('admin') });
    const person = await newTrainee(admin, baseURL!, { name: 'Elsewhere Trainee', email: `elsewhere-${Date.now().toString(36)}@example.test` });
    await admin.dispose();
    await signInStartAndSignOutAt(browser, baseURL!.replace('localhost', '127.0.0.1'), person.email, NEW_PERSON_PASSWORD);
  });

  test('a request from another scheme or port is refused, and the refusal says which address to use', async ({ request, baseURL }) => {
    for (const origin of [baseURL!.replace('http:', 'https:'), baseURL!.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1}`)]) {
      const response = await request.post('/api/settings', { data: { timeMode: 'standard' }, headers: { origin } });
      expect(response.status(), origin).toBe(403);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('bad-origin');
      expect(error.message).toContain(`Open Frontline at ${baseURL}`);
    }
  });
});
