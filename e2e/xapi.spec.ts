import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { validateStatement } from '../server/test-support/xapi-rules';
import { builtin, scoredPaths, storageStateFor } from './support';

/** The xAPI downloads, through the running app: the files, their statements, and who gets them. */

const SCENARIO = 'closing-well';
const ANSWERED = 'http://adlnet.gov/expapi/verbs/answered';

let trainee: APIRequestContext;
let hr: APIRequestContext;

test.beforeAll(async ({ baseURL }) => {
  const open = (role: 'trainee' | 'hr') => playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! }, storageState: storageStateFor(role) });
  trainee = await open('trainee');
  hr = await open('hr');
});

test.afterAll(async () => {
  await Promise.all([trainee, hr].filter(Boolean).map((c) => c.dispose()));
});

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

test('a trainee downloads an attempt’s statements, and HR finds them in the export of the day', async ({ baseURL }) => {
  const started = await trainee.post('/api/attempts', { data: { scenarioId: SCENARIO } });
  expect(started.status(), await started.text()).toBe(201);
  const { attemptId } = (await started.json()) as { attemptId: string };
  const path = scoredPaths(builtin(SCENARIO)).find((p) => p.passed)!;
  for (const [seq, decision] of path.decisions.entries()) {
    expect((await trainee.post(`/api/attempts/${attemptId}/choices`, { data: { seq, event: decision.event } })).status()).toBe(200);
  }
  const { user } = (await (await trainee.get('/api/auth/session')).json()) as { user: { id: string } };

  const download = await trainee.get(`/api/attempts/${attemptId}/xapi`);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/json; charset=utf-8');
  expect(download.headers()['content-disposition']).toBe(`attachment; filename="frontline-xapi-attempt-${attemptId}.json"`);
  const { statements } = (await download.json()) as { statements: Record<string, any>[] };
  expect(statements.map((s) => s.verb.id.split('/').pop())).toEqual(['attempted', ...path.decisions.map(() => 'answered'), 'completed', 'passed']);
  for (const statement of statements) {
    expect(validateStatement(statement, { now: new Date(Date.now() + 5_000) })).toEqual([]);
    expect(statement.actor).toEqual({ objectType: 'Agent', account: { homePage: baseURL, name: user.id } });
    expect(statement.context.registration).toBe(attemptId);
  }
  expect(statements.filter((s) => s.verb.id === ANSWERED).map((s) => s.result.response)).toEqual(path.decisions.map((d) => d.event));
  expect(statements.at(-1)!.result).toMatchObject({ success: true, completion: true, score: { scaled: Number((path.overall / 100).toFixed(4)) } });

  // HR gets the same statements, alone or in the export of the day.
  expect(await (await hr.get(`/api/attempts/${attemptId}/xapi`)).json()).toEqual({ statements });
  const exported = await hr.get(`/api/hr/xapi?from=${day(-1)}&to=${day(1)}&userId=${user.id}`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()['content-disposition']).toBe(`attachment; filename="frontline-xapi-${day(-1)}-to-${day(1)}-${user.id}.json"`);
  const all = ((await exported.json()) as { statements: Record<string, any>[] }).statements;
  expect(all.filter((s) => s.context.registration === attemptId)).toEqual(statements);
  expect(all.every((s) => s.actor.account.name === user.id)).toBe(true);

  // Before the attempt's day there is nothing of it.
  const earlier = await hr.get(`/api/hr/xapi?to=${day(-1)}&userId=${user.id}`);
  expect(((await earlier.json()) as { statements: { context: { registration: string } }[] }).statements.some((s) => s.context.registration === attemptId)).toBe(false);
});

test('the export refuses a bad parameter, naming it, and is for HR and admins only', async () => {
  const bad = await hr.get('/api/hr/xapi?from=2025-02-30');
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { message: string } }).error.message).toBe('The parameter "from" must be a date written YYYY-MM-DD, not "2025-02-30".');
  const unknown = await hr.get('/api/hr/xapi?since=2025-01-01');
  expect(unknown.status()).toBe(400);
  expect((await trainee.get(`/api/hr/xapi?from=${day(0)}`)).status()).toBe(403);
});

/** A built-in assessment (sealed while in progress). */
const ASSESSMENT = 'bounced-between-departments';

test('an assessment in progress gives sealed statements that grade nothing; the full ones come once it ends', async () => {
  const id = ASSESSMENT;
  const scenario = builtin(id);
  expect(scenario.doc.meta.feedback).toBe('debrief');
  const started = await trainee.post('/api/attempts', { data: { scenarioId: id, timeMode: 'off' } });
  expect(started.status(), await started.text()).toBe(201);
  const { attemptId } = (await started.json()) as { attemptId: string };
  const answered = await trainee.post(`/api/attempts/${attemptId}/choices`, { data: { seq: 0, option: 2 } });
  expect(answered.status(), await answered.text()).toBe(200);

  const download = await trainee.get(`/api/attempts/${attemptId}/xapi`);
  expect(download.status()).toBe(200);
  const { statements } = (await download.json()) as { statements: Record<string, any>[] };
  expect(statements.map((s) => s.verb.id.split('/').pop())).toEqual(['attempted', 'answered']);
  for (const statement of statements) expect(validateStatement(statement, { now: new Date(Date.now() + 5_000) })).toEqual([]);
  const sealed = statements[1]!;
  expect(sealed.result.response).toBe('reply-2');
  expect(sealed.result).not.toHaveProperty('extensions');
  expect(sealed.object.id).toBe(`${statements[0]!.object.id}/attempts/${attemptId}/decisions/1`);
  expect(sealed.object.definition.choices.map((c: { id: string }) => c.id)).toEqual(sealed.object.definition.choices.map((_: unknown, i: number) => `reply-${i + 1}`));
  // Nothing names a state or a choice key of the scenario, nor scores anything.
  const text = JSON.stringify(statements);
  for (const [state, definition] of Object.entries(scenario.doc.states)) {
    expect(text).not.toContain(`/states/${state}`);
    for (const key of Object.keys((definition as { on?: Record<string, unknown> }).on ?? {})) expect(text).not.toContain(`"${key}"`);
  }
  expect(text).not.toMatch(/extensions\/(points|critical-error|critical-errors|failed-because|principle-scores|outcome)/);
  // HR reads the same sealed statements while the attempt is in progress.
  expect(await (await hr.get(`/api/attempts/${attemptId}/xapi`)).json()).toEqual({ statements });
});

test('a reply that was a critical error says why, and the failed statement says it is why the attempt failed', async () => {
  const id = 'competitor-is-cheaper';
  const scenario = builtin(id);
  expect(scenario.doc.meta.feedback).toBe('immediate');
  const path = scoredPaths(scenario)
    .filter((p) => p.decisions.some((d) => d.critical) && !p.events.includes('TIMEOUT'))
    .sort((a, b) => a.decisions.length - b.decisions.length)[0];
  expect(path, `${id} has a critical error to take`).toBeTruthy();
  const started = await trainee.post('/api/attempts', { data: { scenarioId: id, timeMode: 'off' } });
  const { attemptId } = (await started.json()) as { attemptId: string };
  for (const [seq, decision] of path!.decisions.entries()) {
    expect((await trainee.post(`/api/attempts/${attemptId}/choices`, { data: { seq, event: decision.event } })).status()).toBe(200);
  }
  const { statements } = (await (await trainee.get(`/api/attempts/${attemptId}/xapi`)).json()) as { statements: Record<string, any>[] };
  const base = statements[0]!.actor.account.homePage as string;
  const ext = (name: string) => `${base}/xapi/extensions/${name}`;
  const answers = statements.filter((s) => s.verb.id === ANSWERED);
  expect(answers.map((s) => s.result.extensions[ext('critical-error')] ?? null)).toEqual(path!.decisions.map((d) => d.critical));
  const verdict = statements.at(-1)!;
  expect(verdict.verb.id).toBe('http://adlnet.gov/expapi/verbs/failed');
  expect(verdict.result.extensions[ext('critical-errors')]).toBe(path!.decisions.filter((d) => d.critical).length);
  expect(verdict.result.extensions[ext('failed-because')][0]).toBe('critical-error');
});
