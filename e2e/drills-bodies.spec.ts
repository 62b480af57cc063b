import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { MATRIX_ROLES, readMatrix, type MatrixRole, type MatrixRow } from '../scripts/security-matrix';
import { storageStateFor } from './support';

/**
 * The request-body drill: every mutating route in the permission matrix (docs/security.md) gets,
 * from a role that may use it, bodies over its limit, malformed JSON, bodies of the wrong type,
 * every field of the wrong type, an unknown field, and ids of other people's records. Each must
 * be answered 4xx with a JSON {error: {code, message}}, never 5xx, and change nothing: a
 * fingerprint of what the requests could touch (the audit log's size, the attempts, the draft and
 * its revisions, the module, the people, the settings, the organisation's) is the same before and after.
 */

const SCENARIO = 'closing-well';
const NOBODY = '00000000-0000-4000-8000-000000000000';
/** Over every handler's limit (the largest, the CSV import, takes 3 MiB). */
const OVERSIZED = 4 * 1024 * 1024;

let contexts: Record<MatrixRole, APIRequestContext>;
let other: APIRequestContext;
let placeholders: Record<string, string>;

async function json<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, status: number): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

async function userId(context: APIRequestContext): Promise<string> {
  return (await json<{ user: { id: string } }>(await context.get('/api/auth/session'), 200)).user.id;
}

async function otherTrainee(admin: APIRequestContext, baseURL: string): Promise<APIRequestContext> {
  const email = `bodies.other.${Date.now()}@example.test`;
  const password = 'a long enough passphrase for the body drill';
  const { link } = await json<{ link: string }>(await admin.post('/api/admin/users', { data: { name: 'Oda Other', email, role: 'trainee' } }), 201);
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  expect((await context.post('/api/password', { data: { token: link.split('/').pop(), password } })).status()).toBe(200);
  const { csrfToken } = await json<{ csrfToken: string }>(await context.get('/api/auth/csrf'), 200);
  expect((await context.post('/api/auth/callback/credentials', { form: { email, password, csrfToken, json: 'true' } })).status()).toBe(200);
  return context;
}

test.beforeAll(async ({ baseURL }) => {
  const open = (role: MatrixRole) =>
    playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! }, ...(role === 'anonymous' ? {} : { storageState: storageStateFor(role) }) });
  contexts = Object.fromEntries(await Promise.all(MATRIX_ROLES.map(async (role) => [role, await open(role)]))) as typeof contexts;
  other = await otherTrainee(contexts.admin, baseURL!);
  const start = async (context: APIRequestContext) => (await json<{ attemptId: string }>(await context.post('/api/attempts', { data: { scenarioId: SCENARIO } }), 201)).attemptId;
  const trainerId = await userId(contexts.trainer);
  const { module } = await json<{ module: { id: string } }>(
    await contexts.admin.post('/api/modules', { data: { title: `Body drill module ${Date.now()}`, steps: [SCENARIO], defaultDueDays: 7 } }),
    201,
  );
  const { rule } = await json<{ rule: { id: string } }>(await contexts.admin.post(`/api/modules/${module.id}/rules`, { data: { kind: 'person', userId: trainerId } }), 201);
  const { scenarioId } = await json<{ scenarioId: string }>(
    await contexts.admin.post('/api/author/scenarios', { data: { mode: 'blank', title: `Body drill ${Date.now()}` } }),
    201,
  );
  placeholders = {
    'trainee-attempt': await start(contexts.trainee),
    'trainer-attempt': await start(contexts.trainer),
    'other-trainee-attempt': await start(other),
    module: module.id,
    rule: rule.id,
    authored: scenarioId,
    trainee: await userId(contexts.trainee),
    admin: await userId(contexts.admin),
    nobody: NOBODY,
  };
});

test.afterAll(async () => {
  await Promise.all([...Object.values(contexts ?? {}), other].filter(Boolean).map((c) => c.dispose()));
});

const concrete = (route: string) => route.replace(/\{([a-z-]+)\}/g, (_, name: string) => placeholders[name] ?? `{${name}}`);

/** A page's words without markup, scripts or per-response values (nonces, build ids). */
async function pageText(context: APIRequestContext, path: string): Promise<string> {
  const response = await context.get(path);
  expect(response.status(), path).toBe(200);
  return (await response.text())
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** Everything the requests of this drill could change, as seen through the app. */
async function fingerprint(): Promise<Record<string, string>> {
  const api = async (context: APIRequestContext, path: string) => {
    const response = await context.get(path);
    expect(response.status(), path).toBe(200);
    // The server's clock is in every attempt's answer, for the player's timers.
    return (await response.text()).replace(/"serverNow":"[^"]*"/g, '');
  };
  const audit = await pageText(contexts.admin, '/admin/audit');
  return {
    auditEntries: /Entries \d+–\d+ of (\d+)|One entry|No entries/.exec(audit)?.[0] ?? 'unreadable',
    traineeAttempt: await api(contexts.trainee, `/api/attempts/${placeholders['trainee-attempt']}`),
    trainerAttempt: await api(contexts.trainer, `/api/attempts/${placeholders['trainer-attempt']}`),
    otherAttempt: await api(other, `/api/attempts/${placeholders['other-trainee-attempt']}`),
    draft: await api(contexts.trainer, `/api/author/scenarios/${placeholders.authored}/draft`),
    revisions: await api(contexts.trainer, `/api/author/scenarios/${placeholders.authored}/revisions`),
    module: await pageText(contexts.admin, `/modules/${placeholders.module}`),
    people: await pageText(contexts.admin, '/admin/users'),
    traineeSettings: await pageText(contexts.trainee, '/settings'),
    traineeLibrary: await pageText(contexts.trainee, '/scenarios'),
    organisation: await pageText(contexts.admin, '/admin/organisation'),
  };
}

/** Where two fingerprints differ, each with a little of the text around the first difference. */
function differences(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(before)
    .filter((k) => before[k] !== after[k])
    .map((k) => {
      const [a, b] = [before[k]!, after[k]!];
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      return `${k}: …${a.slice(Math.max(0, i - 60), i + 60)}… became …${b.slice(Math.max(0, i - 60), i + 60)}…`;
    });
}

/** A well-formed body for each mutating route, the starting point for the wrong ones (never sent as is). */
const VALID: Record<string, () => Record<string, unknown>> = {
  'POST /api/attempts': () => ({ scenarioId: SCENARIO, timeMode: 'off' }),
  'POST /api/attempts/{trainee-attempt}/choices': () => ({ seq: 0, event: 'greet' }),
  'POST /api/attempts/{trainer-attempt}/choices': () => ({ seq: 0, event: 'greet' }),
  'POST /api/attempts/{other-trainee-attempt}/choices': () => ({ seq: 0, event: 'greet' }),
  'POST /api/attempts/{trainee-attempt}/typed-replies': () => ({ seq: 0, text: 'I will check that for you' }),
  'POST /api/attempts/{trainer-attempt}/typed-replies': () => ({ seq: 0, text: 'I will check that for you' }),
  'POST /api/attempts/{other-trainee-attempt}/typed-replies': () => ({ seq: 0, text: 'I will check that for you' }),
  'POST /api/attempts/{trainee-attempt}/reply-retries': () => ({ seq: 0 }),
  'POST /api/attempts/{other-trainee-attempt}/reply-retries': () => ({ seq: 0 }),
  'POST /api/attempts/{trainee-attempt}/time-mode': () => ({ timeMode: 'extended' }),
  'POST /api/attempts/{other-trainee-attempt}/time-mode': () => ({ timeMode: 'extended' }),
  'POST /api/settings': () => ({ timeMode: 'extended' }),
  'POST /api/password': () => ({ token: 'never-issued-token-0000000000000000000000000', password: 'a long enough passphrase' }),
  'POST /api/admin/users': () => ({ name: 'Wren Wrong', email: `wren.${Date.now()}@example.test`, role: 'trainee', team: 'Drills', startDate: '2026-01-05' }),
  'POST /api/admin/users/import': () => ({ csv: 'name,email\nIvo Import,ivo@example.test\n', commit: true }),
  'PATCH /api/admin/users/{trainee}': () => ({ name: 'Renamed Trainee', team: 'Other team', active: false }),
  'PATCH /api/admin/users/{admin}': () => ({ role: 'trainee' }),
  'POST /api/admin/users/{trainee}/password-link': () => ({ replaceEarlierLinks: true }),
  'POST /api/admin/users/{admin}/password-link': () => ({ replaceEarlierLinks: true }),
  'POST /api/admin/users/{trainee}/erase': () => ({ mode: 'erase', confirmEmail: 'trainee@frontline.test' }),
  'POST /api/author/scenarios': () => ({ mode: 'blank', title: 'A wrong one' }),
  'PUT /api/author/scenarios/{authored}/draft': () => ({ source: '{"id":"x"}', baseRevision: 1 }),
  'POST /api/author/scenarios/{authored}/revisions/1/restore': () => ({ baseRevision: 1 }),
  'PATCH /api/author/scenarios/{authored}/revisions/1': () => ({ note: 'A note' }),
  'POST /api/author/scenarios/{authored}/publish': () => ({ revision: 1, changeNote: 'First version' }),
  'POST /api/author/scenarios/{authored}/archive': () => ({ archived: true }),
  'POST /api/modules': () => ({ title: 'A wrong module', description: 'x', steps: [SCENARIO], defaultDueDays: 7 }),
  'PUT /api/modules/{module}': () => ({ title: 'Renamed module', description: 'x', steps: [SCENARIO], defaultDueDays: 9 }),
  'PUT /api/modules/{nobody}': () => ({ title: 'Renamed module', description: 'x', steps: [SCENARIO], defaultDueDays: 9 }),
  'POST /api/modules/{module}/rules': () => ({ kind: 'team', team: 'Drills', dueDate: '2027-01-01' }),
  'POST /api/modules/{nobody}/rules': () => ({ kind: 'team', team: 'Drills', dueDate: '2027-01-01' }),
  'POST /api/assignment-rules/{rule}/remove': () => ({ confirm: true }),
  'POST /api/assignment-rules/{nobody}/remove': () => ({ confirm: true }),
  'POST /api/hr/reminders': () => ({ confirm: true, userId: placeholders.trainee }),
  'POST /api/reminders/not-a-link': () => ({ reminders: 'off' }),
  'POST /api/settings/reminders': () => ({ reminders: 'off' }),
  // LMSs post these as forms; JSON bodies are checked by the same schemas.
  'POST /api/lti/login': () => ({
    iss: 'https://drill-lms.example',
    login_hint: 'drill',
    target_link_uri: 'http://localhost/',
    client_id: 'drill-client',
    lti_deployment_id: '1',
    lti_message_hint: 'm',
  }),
  'POST /api/lti/launch': () => ({ id_token: 'not.a.token', state: 'drill-state' }),
  'POST /api/lti/open': () => ({ ticket: 'not-a-ticket' }),
  'POST /api/lti/deep-link/{nobody}': () => ({ 'scenario:closing-well': 'on' }),
  'POST /api/admin/lti/platforms': () => ({
    name: 'Drill LMS',
    issuer: 'https://drill-lms.example',
    clientId: 'drill-client',
    deploymentIds: ['1'],
    authUrl: 'https://drill-lms.example/auth',
    tokenUrl: 'https://drill-lms.example/token',
    jwksUrl: 'https://drill-lms.example/jwks',
    instructorsAsTrainers: false,
  }),
  'POST /api/admin/lti/platforms/{nobody}/remove': () => ({ confirm: true }),
  'POST /api/scorm/packages': () => ({ scenarioId: SCENARIO }),
  // A package launcher in an LMS posts this; the package and key are no package's.
  'POST /api/scorm/launch': () => ({
    packageId: NOBODY,
    key: 'not-the-key-of-any-package',
    studentId: 'drill-student',
    studentName: 'Student, Drill',
    learnerSecret: 'not-the-secret-of-any-learner',
  }),
  'POST /api/scorm/open': () => ({ ticket: 'not-a-ticket' }),
  'PUT /api/admin/organisation': () => ({ name: '', signatoryName: '', signatoryTitle: '' }),
  // A 1 × 1 PNG: well-formed for the schema (the service then refuses it as too small).
  'PUT /api/admin/organisation/logo': () => ({ image: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' }),
  'DELETE /api/admin/organisation/logo': () => ({}),
};

/** The same value as another JSON type. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'not a list';
  return [value];
}

interface BadBody {
  name: string;
  data: string | Buffer;
  contentType?: string;
}

function badBodies(key: string): BadBody[] {
  const valid = VALID[key]!();
  const bodies: BadBody[] = [
    { name: 'over the limit', data: JSON.stringify({ ...valid, padding: 'x'.repeat(OVERSIZED) }) },
    { name: 'malformed JSON', data: `${JSON.stringify(valid).slice(0, -3)}` },
    { name: 'not JSON at all', data: '<xml>no</xml>', contentType: 'text/plain' },
    { name: 'a list', data: JSON.stringify([valid]) },
    { name: 'a string', data: JSON.stringify(JSON.stringify(valid)) },
    { name: 'null', data: 'null' },
    { name: 'an unknown field', data: JSON.stringify({ ...valid, isAdmin: true }) },
    { name: 'a __proto__ field', data: `{"__proto__":{"admin":true},${JSON.stringify(valid).slice(1)}` },
  ];
  for (const field of Object.keys(valid)) {
    bodies.push({ name: `${field} of the wrong type`, data: JSON.stringify({ ...valid, [field]: wrongType(valid[field]) }) });
  }
  return bodies;
}

/** Ids and values naming records that are not there, or not the sender's. */
const FOREIGN: Record<string, { name: string; body: Record<string, unknown> }[]> = {
  'POST /api/attempts': [{ name: 'a scenario that does not exist', body: { scenarioId: 'no-such-scenario' } }],
  'POST /api/attempts/{trainee-attempt}/choices': [
    { name: 'a choice that does not exist', body: { seq: 0, event: 'no-such-choice' } },
    { name: 'a turn far ahead', body: { seq: 9_999, event: 'greet' } },
  ],
  'POST /api/modules': [{ name: 'a scenario that does not exist', body: { title: 'Wrong', steps: ['no-such-scenario'], defaultDueDays: 7 } }],
  'PUT /api/modules/{module}': [{ name: 'a scenario that does not exist', body: { title: 'Wrong', steps: ['no-such-scenario'], defaultDueDays: 7 } }],
  'POST /api/modules/{module}/rules': [
    { name: 'a person who does not exist', body: { kind: 'person', userId: NOBODY } },
    { name: 'a person id that is not an id', body: { kind: 'person', userId: "1' or '1'='1" } },
    { name: 'a date that is not a day', body: { kind: 'cohort', cohortFrom: '2026-13-45', cohortTo: '2026-02-30' } },
  ],
  'POST /api/author/scenarios': [
    { name: 'a copy of a scenario that does not exist', body: { mode: 'duplicate', fromScenarioId: 'no-such-scenario' } },
    { name: 'a copy of a version that does not exist', body: { mode: 'duplicate', fromScenarioId: SCENARIO, version: 2_000_000_000 } },
  ],
  'PUT /api/author/scenarios/{authored}/draft': [{ name: 'a revision past the integer range', body: { source: '{}', baseRevision: 2 ** 31 } }],
  'POST /api/author/scenarios/{authored}/publish': [{ name: 'a revision that does not exist', body: { revision: 999_999, changeNote: 'x' } }],
  'PATCH /api/admin/users/{trainee}': [{ name: 'a start date that is not a day', body: { startDate: '2026-02-30' } }],
  'POST /api/admin/users/{trainee}/erase': [{ name: 'someone else’s email to confirm', body: { mode: 'erase', confirmEmail: 'admin@frontline.test' } }],
  'POST /api/scorm/packages': [{ name: 'a scenario that does not exist', body: { scenarioId: 'no-such-scenario' } }],
  'POST /api/scorm/launch': [{ name: 'a package Frontline never made', body: { packageId: NOBODY, key: 'not-the-key-of-any-package', studentId: 'drill-student' } }],
  'POST /api/scorm/open': [{ name: 'a ticket never issued', body: { ticket: 'never-issued-ticket' } }],
};

const ROLE_ORDER: MatrixRole[] = ['anonymous', 'trainee', 'trainer', 'hr', 'admin'];
/** The least powerful role the matrix allows on the row. */
const allowedRole = (row: MatrixRow) => ROLE_ORDER.find((role) => row.expect[role] === 'allowed');
/** A signed-in role the row refuses (403 or 404): it tries the route with a well-formed body. */
const refusedRole = (row: MatrixRow) => ROLE_ORDER.find((role) => role !== 'anonymous' && (row.expect[role] === 403 || row.expect[role] === 404));

/**
 * Routes a learning platform posts the browser to, which take any extra field an LMS adds and
 * answer a refusal with a page for the person (JSON errors only for bodies they cannot read).
 */
const ANSWERS_WITH_PAGES = new Set(['/api/lti/login', '/api/lti/launch']);

async function expectRefused(context: APIRequestContext, method: string, path: string, body: BadBody) {
  const response = await context.fetch(path, { method, data: body.data, headers: { 'content-type': body.contentType ?? 'application/json' }, maxRedirects: 0 });
  const status = response.status();
  const text = await response.text();
  const where = `${method} ${path} with ${body.name}: ${status} ${text.slice(0, 300)}`;
  expect(status, where).toBeGreaterThanOrEqual(400);
  expect(status, where).toBeLessThan(500);
  if (ANSWERS_WITH_PAGES.has(path) && (response.headers()['content-type'] ?? '').startsWith('text/html')) {
    // The person an LMS sent here reads the refusal: a page that names what was wrong.
    const title = /<title>([^<]*)<\/title>/.exec(text)?.[1] ?? '';
    expect(title, where).toMatch(/\S/);
    expect(text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').length, where).toBeGreaterThan(80);
    expect(text, `${where}: no stack trace`).not.toMatch(/\n\s+at |node_modules/);
    return { status, code: `page: ${title}` };
  }
  let parsed: { error?: { code?: unknown; message?: unknown } };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new Error(`${where}: the answer is not JSON`);
  }
  // A choice the attempt cannot take is answered in the player's own resynchronising form: the
  // reason and message, with the attempt's state to carry on from.
  const conflict = parsed as { status?: unknown; reason?: unknown; message?: unknown };
  const error = status === 409 && conflict.status === 'conflict' ? { code: conflict.reason, message: conflict.message } : parsed.error;
  expect(typeof error?.code, where).toBe('string');
  expect(typeof error?.message, where).toBe('string');
  expect((error!.message as string).length, where).toBeGreaterThan(10);
  expect(text, `${where}: no stack trace`).not.toMatch(/\n\s+at |node_modules/);
  return { status, code: error!.code as string };
}

const rows = readMatrix().filter((row) => row.method !== 'GET' && !row.route.startsWith('/api/auth/'));

test('every mutating route in the matrix has a well-formed body here to start from', () => {
  expect(rows.map((r) => `${r.method} ${r.route}`).filter((key) => !VALID[key])).toEqual([]);
});

for (const row of rows) {
  const key = `${row.method} ${row.route}`;
  test(`${key}: bad bodies are 4xx with a message and change nothing`, async () => {
    const path = concrete(row.route);
    const before = await fingerprint();
    const tried: string[] = [];
    const role = allowedRole(row);
    if (role && VALID[key]) {
      for (const body of badBodies(key)) {
        const { status, code } = await expectRefused(contexts[role], row.method, path, body);
        tried.push(`${role}: ${body.name} → ${status} ${code}`);
        if (body.name === 'over the limit') expect(status, `${key}: over the limit`).toBe(413);
      }
      for (const foreign of FOREIGN[key] ?? []) {
        const { status, code } = await expectRefused(contexts[role], row.method, path, { name: foreign.name, data: JSON.stringify(foreign.body) });
        tried.push(`${role}: ${foreign.name} → ${status} ${code}`);
      }
    }
    const refused = refusedRole(row);
    if (refused && VALID[key]) {
      // Someone else's record, or a route not theirs: refused whatever the body says.
      const { status } = await expectRefused(contexts[refused], row.method, path, { name: 'a well-formed body', data: JSON.stringify(VALID[key]()) });
      expect(status, `${key} as ${refused}`).toBe(row.expect[refused]);
      tried.push(`${refused}: a well-formed body → ${status}`);
    }
    expect(tried.length, key).toBeGreaterThan(0);
    expect(differences(before, await fingerprint()), `${key} changed something; tried:\n${tried.join('\n')}`).toEqual([]);
  });
}
