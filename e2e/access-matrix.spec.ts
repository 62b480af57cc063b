import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { MATRIX_ROLES, readMatrix, type Expectation, type MatrixRole, type MatrixRow } from '../scripts/security-matrix';
import { builtin, scoredPaths, storageStateFor } from './support';

/**
 * Every row of the permission matrix in docs/security.md, requested as every role. The table is
 * the only list of routes: a route added to app/ without a row fails scripts/security-matrix.test.ts.
 */

const NOBODY = '00000000-0000-4000-8000-000000000000';
const SCENARIO = 'closing-well';

let contexts: Record<MatrixRole, APIRequestContext>;
let other: APIRequestContext;
let placeholders: Record<string, string>;

async function startAttempt(context: APIRequestContext): Promise<string> {
  // Without a time mode, so the user's saved preference is left as it was.
  const response = await context.post('/api/attempts', { data: { scenarioId: SCENARIO } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { attemptId: string }).attemptId;
}

async function finishedAttempt(context: APIRequestContext, passing = false): Promise<string> {
  const attemptId = await startAttempt(context);
  const path = passing ? scoredPaths(builtin(SCENARIO)).find((p) => p.passed)! : scoredPaths(builtin(SCENARIO))[0]!;
  for (const [seq, decision] of path.decisions.entries()) {
    const response = await context.post(`/api/attempts/${attemptId}/choices`, { data: { seq, event: decision.event } });
    expect(response.status(), await response.text()).toBe(200);
  }
  return attemptId;
}

/** A second trainee, made by the admin, with a password set through their link and a signed-in session. */
async function otherTrainee(admin: APIRequestContext, baseURL: string): Promise<APIRequestContext> {
  const email = `other.trainee.${Date.now()}@example.test`;
  const password = 'a long enough passphrase for the matrix';
  const created = await admin.post('/api/admin/users', { data: { name: 'Olu Other', email, role: 'trainee' } });
  expect(created.status(), await created.text()).toBe(201);
  const { link } = (await created.json()) as { link: string };
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  expect((await context.post('/api/password', { data: { token: link.split('/').pop(), password } })).status()).toBe(200);
  const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const signedIn = await context.post('/api/auth/callback/credentials', { form: { email, password, csrfToken, json: 'true' } });
  expect(signedIn.status()).toBe(200);
  expect(await userId(context)).toMatch(/^[0-9a-f-]{36}$/);
  return context;
}

/** A module and a rule assigning it to one staff member by name, so no trainee's list changes. */
async function moduleAndRule(admin: APIRequestContext, staffId: string): Promise<{ module: string; rule: string }> {
  const created = await admin.post('/api/modules', { data: { title: `Matrix module ${Date.now()}`, steps: [SCENARIO], defaultDueDays: 7 } });
  expect(created.status(), await created.text()).toBe(201);
  const { module } = (await created.json()) as { module: { id: string } };
  const assigned = await admin.post(`/api/modules/${module.id}/rules`, { data: { kind: 'person', userId: staffId } });
  expect(assigned.status(), await assigned.text()).toBe(201);
  const { rule } = (await assigned.json()) as { rule: { id: string } };
  return { module: module.id, rule: rule.id };
}

/** A scenario authored in the studio (a draft, never published). */
async function authoredScenario(author: APIRequestContext): Promise<string> {
  const created = await author.post('/api/author/scenarios', { data: { mode: 'blank', title: `Matrix scenario ${Date.now()}` } });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { scenarioId: string }).scenarioId;
}

/** Passing the module's scenario completes the user's assignment; its certificate link is on their home page. */
async function completedAssignment(context: APIRequestContext): Promise<string> {
  await finishedAttempt(context, true);
  const home = await (await context.get('/')).text();
  const assignmentId = /\/api\/assignments\/([0-9a-f-]{36})\/certificate/.exec(home)?.[1];
  expect(assignmentId, 'the completed module offers its certificate on the home page').toBeTruthy();
  return assignmentId!;
}

async function userId(context: APIRequestContext): Promise<string> {
  const session = (await (await context.get('/api/auth/session')).json()) as { user: { id: string } };
  return session.user.id;
}

test.beforeAll(async ({ baseURL }) => {
  const open = (role: MatrixRole) =>
    playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: { origin: baseURL! },
      ...(role === 'anonymous' ? {} : { storageState: storageStateFor(role) }),
    });
  contexts = Object.fromEntries(await Promise.all(MATRIX_ROLES.map(async (role) => [role, await open(role)]))) as typeof contexts;
  other = await otherTrainee(contexts.admin, baseURL!);
  placeholders = {
    'other-trainee-attempt': await startAttempt(other),
    'other-trainee-debrief': await finishedAttempt(other),
    'trainee-attempt': await startAttempt(contexts.trainee),
    'trainee-debrief': await finishedAttempt(contexts.trainee),
    'trainer-attempt': await startAttempt(contexts.trainer),
    'trainer-debrief': await finishedAttempt(contexts.trainer),
    ...(await moduleAndRule(contexts.admin, await userId(contexts.trainer))),
    'trainer-certificate': await completedAssignment(contexts.trainer),
    authored: await authoredScenario(contexts.admin),
    trainee: await userId(contexts.trainee),
    admin: await userId(contexts.admin),
    nobody: NOBODY,
    token: 'never-issued-token-0000000000000000000000000',
  };
});

test.afterAll(async () => {
  await Promise.all([...Object.values(contexts ?? {}), other].filter(Boolean).map((c) => c.dispose()));
});

const concrete = (route: string) =>
  route.replace(/\{([a-z-]+)\}/g, (_, name: string) => {
    const value = placeholders[name];
    if (!value) throw new Error(`docs/security.md uses {${name}}, which the matrix test does not set up`);
    return value;
  });

async function send(context: APIRequestContext, row: MatrixRow, path: string) {
  // Mutations carry an empty body: a role that passes the access checks gets 400, and nothing changes.
  const body = row.method === 'GET' ? {} : { data: {} };
  return context.fetch(path, { method: row.method, maxRedirects: 0, ...body });
}

function describeOutcome(status: number, location: string | undefined) {
  return location ? `${status} → ${location}` : String(status);
}

function meets(expectation: Expectation, row: MatrixRow, path: string, status: number, location: string | undefined): boolean {
  const redirect = status >= 300 && status < 400;
  const toLogin = redirect && !!location && new URL(location, 'http://x').pathname === '/login';
  switch (expectation) {
    case 'login':
      // Coming back to the home page needs no `from`.
      return toLogin && (new URL(location!, 'http://x').searchParams.get('from') ?? '/') === path;
    case 'allowed':
      if (row.kind === 'page') return status === 200 || (redirect && !toLogin);
      return status < 500 && ![401, 403, 404].includes(status) && !toLogin;
    default:
      return status === expectation;
  }
}

for (const row of readMatrix()) {
  test(`${row.method} ${row.route}`, async () => {
    const path = concrete(row.route);
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const role of MATRIX_ROLES) {
      const response = await send(contexts[role], row, path);
      const status = response.status();
      const location = response.headers()['location'];
      const want = row.expect[role];
      expected[role] = String(want);
      outcomes[role] = meets(want, row, path, status, location) ? String(want) : `${describeOutcome(status, location)} (wanted ${want})`;
      if (status >= 500) outcomes[role] += `: ${(await response.text()).slice(0, 200)}`;
    }
    expect(outcomes, `docs/security.md:${row.line}`).toEqual(expected);
  });
}
