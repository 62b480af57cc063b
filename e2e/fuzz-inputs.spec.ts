import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { readMatrix } from '../scripts/security-matrix';
import { entryFor, spoiledBodies } from './request-bodies';
import { storageStateFor } from './support';

/**
 * Bad input to every route in the permission matrix (docs/security.md), as the admin, who passes
 * every access check. Each field of a body the route accepts (e2e/request-bodies.ts, held to the
 * route's schema) is spoiled on its own: a NUL, half a surrogate pair, 10,000 characters, every
 * wrong JSON type, a number out of range. Query parameters get a NUL, a broken escape, 10,000
 * characters and a repeat. Every answer is a 4xx (never a 5xx), and nothing is stored.
 * `FUZZ_LONG=1` (npm run drills -- inputs) adds larger and deeper values and every query parameter.
 */

const LONG = process.env.FUZZ_LONG === '1';
const NOBODY = '00000000-0000-4000-8000-000000000000';

/** Every query parameter a page or route handler reads. */
const PARAMETERS = [
  'q',
  'channel',
  'level',
  'topic',
  'team',
  'status',
  'module',
  'cohortFrom',
  'cohortTo',
  'criticalFailure',
  'fastPass',
  'sort',
  'direction',
  'page',
  'attemptPage',
  'show',
  'archived',
  'created',
  'error',
  'from',
  'to',
  'version',
  'role',
  'search',
  'tz',
  'for',
  'saved',
];

const WRONG_TYPES: Record<string, unknown> = { number: 12345, string: 'fuzz', array: ['a', 1], object: { nested: true }, boolean: true, null: null };
const QUERY_VALUES: Record<string, string> = { nul: '%00', 'broken escape': '%ED%A0%80', long: 'x'.repeat(10_000), repeated: 'a&{p}=b' };

let admin: APIRequestContext;
let placeholders: Record<string, string>;

const concrete = (route: string) => route.replace(/\{([a-z-]+)\}/g, (_, name: string) => placeholders[name] ?? NOBODY);

/** What the admin can see of what is stored: people, modules and scenarios, counted. */
async function stored(): Promise<string> {
  const people = (await (await admin.get('/api/admin/users?q=fuzz')).json()) as { people: unknown[]; more: boolean };
  const modules = await (await admin.get('/modules')).text();
  const studio = await (await admin.get('/author')).text();
  const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length;
  return JSON.stringify({
    people: `${people.people.length}${people.more ? '+' : ''}`,
    modules: count(modules, /href="\/modules\/[0-9a-f-]{36}"/g),
    scenarios: count(studio, /href="\/author\/[a-z0-9-]+"/g),
  });
}

test.beforeAll(async ({ baseURL }) => {
  admin = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! }, storageState: storageStateFor('admin') });
  const post = async (url: string, data: unknown) => {
    const response = await admin.post(url, { data });
    expect(response.status(), `${url}: ${await response.text()}`).toBeLessThan(300);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const person = (await post('/api/admin/users', { name: 'Fuzz Target', email: `fuzz-${Date.now().toString(36)}@example.test`, role: 'trainee' })) as { user: { id: string } };
  const madeModule = (await post('/api/modules', { title: `Fuzz module ${Date.now()}`, steps: ['closing-well'], defaultDueDays: 7 })) as { module: { id: string } };
  const rule = (await post(`/api/modules/${madeModule.module.id}/rules`, { kind: 'person', userId: person.user.id })) as { rule: { id: string } };
  const authored = (await post('/api/author/scenarios', { mode: 'blank', title: `Fuzz scenario ${Date.now()}` })) as { scenarioId: string };
  const attempt = (await post('/api/attempts', { scenarioId: 'closing-well', timeMode: 'off' })) as { attemptId: string };
  placeholders = {
    trainee: person.user.id,
    admin: person.user.id,
    module: madeModule.module.id,
    rule: rule.rule.id,
    authored: authored.scenarioId,
    'trainee-attempt': attempt.attemptId,
    'trainer-attempt': attempt.attemptId,
    'other-trainee-attempt': attempt.attemptId,
    'trainee-debrief': attempt.attemptId,
    'other-trainee-debrief': attempt.attemptId,
    'trainer-debrief': attempt.attemptId,
  };
});

test.afterAll(async () => {
  await admin?.dispose();
});

const mutations = readMatrix().filter((row) => row.kind === 'api' && row.method !== 'GET' && !row.route.startsWith('/api/auth/'));
const reads = readMatrix().filter((row) => row.method === 'GET');

test.describe.configure({ timeout: 15 * 60_000 });

test('every body field of every route that changes something, spoiled on its own: a 4xx, and nothing is stored', async () => {
  const before = await stored();
  const problems: string[] = [];
  let sent = 0;
  for (const row of mutations) {
    const path = concrete(row.route);
    const entry = entryFor(row.method, row.route);
    if (!entry) {
      problems.push(`${row.method} ${row.route}: no body in e2e/request-bodies.ts`);
      continue;
    }
    const bodies: [string, unknown][] = spoiledBodies(entry, LONG).map(({ what, body }) => [what, fill(body)]);
    for (const [name, value] of Object.entries(WRONG_TYPES)) bodies.push([`the whole body ${name}`, value]);
    for (const [what, data] of bodies) {
      const response = await admin.fetch(path, { method: row.method, data: JSON.stringify(data), headers: { 'content-type': 'application/json' } });
      const status = response.status();
      sent++;
      if (status < 400 || status >= 500) problems.push(`${row.method} ${path} with ${what}: ${status} ${(await response.text()).slice(0, 160)}`);
    }
  }
  expect(problems).toEqual([]);
  expect(sent).toBeGreaterThan(500);
  expect(await stored()).toBe(before);
});

/** A body's `{placeholder}` values made real. */
function fill(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).map(([field, value]) => [field, typeof value === 'string' ? value.replace(/^\{([a-z-]+)\}$/, (_, name: string) => placeholders[name] ?? NOBODY) : value]),
  );
}

test('every query parameter of every page and route that reads: a NUL is a 400, anything else never a 5xx', async () => {
  const problems: string[] = [];
  const parameters = LONG ? PARAMETERS : ['q', 'team', 'status', 'from', 'page', 'version'];
  for (const row of reads) {
    const path = concrete(row.route);
    for (const parameter of parameters) {
      for (const [name, raw] of Object.entries(QUERY_VALUES)) {
        const value = raw.replace('{p}', parameter);
        const response = await admin.get(`${path}${path.includes('?') ? '&' : '?'}${parameter}=${value}`, { maxRedirects: 0 });
        const status = response.status();
        // Next reads an escape that is not UTF-8 as U+FFFD, which can be stored: only never a 5xx.
        if (status >= 500 || (name === 'nul' && status !== 400)) problems.push(`GET ${path}?${parameter}= ${name}: ${status}`);
      }
    }
  }
  expect(problems).toEqual([]);
});
