import { readFileSync } from 'node:fs';
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { extractText, getDocumentProxy } from 'unpdf';
import { builtin, scoredPaths, storageStateFor, type DemoRole } from './support';

/**
 * The cross-site scripting drill: payloads go into every text a user can enter (people's names
 * and teams, a CSV of new hires, module titles and descriptions, every kind of scenario text), and
 * every page and file that shows them is opened in Chromium. No script may run (no dialog, no
 * console message from a payload, window.__xss stays unset), no element may be injected (event
 * handler attributes, payload scripts, javascript: links), and the payload must be on the page as
 * text, so the test fails if escaping broke even though the CSP would still block execution.
 */

const RUN = Date.now();
const FIRE = "window.__xss=1;console.log('xss-fired')";
/** For text fields that take anything: people, teams, modules. */
const TAG_PAYLOADS = {
  img: `<img src=x onerror="${FIRE}">`,
  script: `<script>${FIRE}</script>`,
  svg: `<svg onload="${FIRE}"></svg>`,
  breaker: `"'><iframe src="javascript:${FIRE}">`,
};
/** For scenario text, which refuses HTML tags: unclosed tags, URLs, quotes, templates, bidi overrides. */
const SCENARIO_PAYLOADS = [
  `"><img src=x onerror=${FIRE} x="`,
  `<svg/onload=${FIRE}`,
  `javascript:${FIRE}//`,
  `'-alert(1)-' {{constructor.constructor('${FIRE}')()}} \${${FIRE}}`,
  '\u202eexe.tnemyap\u202c',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
];
/** What each page must show as text: proof the payload is there and escaped, not dropped. */
const VISIBLE = { person: 'Xena <img src=x onerror="window.__xss=1', scenario: '"><img src=x onerror=window.__xss=1', module: 'Module <img src=x onerror=' };

const SCENARIO_ID = `xss-drill-${RUN}`;
const personName = `Xena ${TAG_PAYLOADS.img} Shaw`;
const personTeam = `Team ${TAG_PAYLOADS.script}`;
const moduleTitle = `Module ${TAG_PAYLOADS.img}`;

let contexts: Record<DemoRole, APIRequestContext>;
let xena: APIRequestContext;
let xenaId: string;
let moduleId: string;
let inProgressAttempt: string;
let finishedAttempt: string;

async function json<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, status: number): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/** closing-well with a payload in every kind of text, under its own id. */
function payloadScenario(): Record<string, unknown> {
  const doc = JSON.parse(readFileSync('scenarios/closing-well.json', 'utf8')) as any;
  let n = 0;
  const next = () => SCENARIO_PAYLOADS[n++ % SCENARIO_PAYLOADS.length]!;
  doc.id = SCENARIO_ID;
  doc.meta.title = `Closing ${SCENARIO_PAYLOADS[0]}`.slice(0, 120);
  doc.meta.summary = SCENARIO_PAYLOADS.join(' ');
  doc.meta.persona = { name: `Ruth ${SCENARIO_PAYLOADS[1]}`.slice(0, 80), role: `Nurse ${SCENARIO_PAYLOADS[2]}`.slice(0, 120) };
  for (const state of Object.values(doc.states) as any[]) {
    if (state.meta?.narration) state.meta.narration = `${state.meta.narration} ${next()}`;
    if (typeof state.meta?.say === 'string') state.meta.say = `${state.meta.say} ${SCENARIO_PAYLOADS[0]}`;
    if (Array.isArray(state.meta?.say)) state.meta.say = state.meta.say.map((line: string) => `${line} ${SCENARIO_PAYLOADS[0]}`);
    if (state.meta?.summary) state.meta.summary = `${state.meta.summary} ${next()}`;
    for (const [event, value] of Object.entries(state.on ?? {})) {
      const suffix = SCENARIO_PAYLOADS[(event.length + 1) % SCENARIO_PAYLOADS.length]!;
      for (const alternative of (Array.isArray(value) ? value : [value]) as any[]) {
        if (alternative.meta?.choice) alternative.meta.choice = `${alternative.meta.choice} ${SCENARIO_PAYLOADS[0]}`.slice(0, 400);
        if (alternative.meta?.feedback) alternative.meta.feedback = `${alternative.meta.feedback} ${suffix}`;
      }
    }
  }
  return doc;
}

async function signedInAs(admin: APIRequestContext, baseURL: string, data: Record<string, unknown>): Promise<{ context: APIRequestContext; id: string }> {
  const password = 'a long enough passphrase for the xss drill';
  const { user, link } = await json<{ user: { id: string; email: string }; link: string }>(await admin.post('/api/admin/users', { data }), 201);
  const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  expect((await context.post('/api/password', { data: { token: link.split('/').pop(), password } })).status()).toBe(200);
  const { csrfToken } = await json<{ csrfToken: string }>(await context.get('/api/auth/csrf'), 200);
  expect((await context.post('/api/auth/callback/credentials', { form: { email: user.email, password, csrfToken, json: 'true' } })).status()).toBe(200);
  return { context, id: user.id };
}

async function play(context: APIRequestContext, decisions: { event: string }[]): Promise<string> {
  const { attemptId } = await json<{ attemptId: string }>(await context.post('/api/attempts', { data: { scenarioId: SCENARIO_ID, timeMode: 'off' } }), 201);
  for (const [seq, decision] of decisions.entries()) await json(await context.post(`/api/attempts/${attemptId}/choices`, { data: { seq, event: decision.event } }), 200);
  return attemptId;
}

test.beforeAll(async ({ baseURL }) => {
  const open = (role: DemoRole) => playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL! }, storageState: storageStateFor(role) });
  contexts = { trainee: await open('trainee'), trainer: await open('trainer'), hr: await open('hr'), admin: await open('admin') };

  // A person whose name and team are payloads, signed in to play.
  ({ context: xena, id: xenaId } = await signedInAs(contexts.admin, baseURL!, { name: personName, email: `xena.${RUN}@example.test`, role: 'trainee', team: personTeam }));

  // New hires from a CSV, with payloads and cells a spreadsheet would run as formulas.
  const csv = [
    'name,email,team,start date',
    `"=HYPERLINK(""http://evil.test"",""click"")",csv1.${RUN}@example.test,=1+1,2026-01-05`,
    `"${TAG_PAYLOADS.svg.replace(/"/g, '""')}",csv2.${RUN}@example.test,@SUM(A1),2026-01-05`,
    `+cmd|' /C calc'!A0,csv3.${RUN}@example.test,-2+3,2026-01-05`,
  ].join('\n');
  const imported = await json<{ ok: boolean }>(await contexts.hr.post('/api/admin/users/import', { data: { csv, commit: true } }), 200);
  expect(imported.ok).toBe(true);

  // A scenario with payloads in every text, imported and published through the studio.
  const created = await json<{ scenarioId: string }>(
    await contexts.trainer.post('/api/author/scenarios', { data: { mode: 'import', source: JSON.stringify(payloadScenario(), null, 2), fileName: `${SCENARIO_ID}.json` } }),
    201,
  );
  expect(created.scenarioId).toBe(SCENARIO_ID);
  await json(
    await contexts.trainer.post(`/api/author/scenarios/${SCENARIO_ID}/publish`, { data: { revision: 1, changeNote: `Payloads ${TAG_PAYLOADS.img}`, acknowledgeWarnings: true } }),
    201,
  );

  // A module with payloads, assigned to the payload person and to the imported hires' teams.
  ({
    module: { id: moduleId },
  } = await json<{ module: { id: string } }>(
    await contexts.admin.post('/api/modules', {
      data: { title: moduleTitle, description: `${TAG_PAYLOADS.script} ${TAG_PAYLOADS.breaker} javascript:${FIRE}`, steps: [SCENARIO_ID], defaultDueDays: 7 },
    }),
    201,
  ));
  await json(await contexts.admin.post(`/api/modules/${moduleId}/rules`, { data: { kind: 'person', userId: xenaId } }), 201);
  for (const team of ['=1+1', '@SUM(A1)', '-2+3']) await json(await contexts.admin.post(`/api/modules/${moduleId}/rules`, { data: { kind: 'team', team } }), 201);

  // Xena passes it (completing the module: a certificate), and leaves one attempt half-way.
  const paths = scoredPaths(builtin('closing-well'));
  finishedAttempt = await play(xena, paths.find((p) => p.passed)!.decisions);
  inProgressAttempt = await play(xena, paths[0]!.decisions.slice(0, 1));
});

test.afterAll(async () => {
  await Promise.all([...Object.values(contexts ?? {}), xena].filter(Boolean).map((c) => c.dispose()));
});

/** Listens for anything a payload would do, from before the page loads. */
function watch(page: Page): string[] {
  const fired: string[] = [];
  page.on('dialog', (dialog) => {
    fired.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/xss|Content Security Policy/i.test(message.text())) fired.push(`console: ${message.text()}`);
  });
  return fired;
}

/** Elements a payload would have made: event-handler attributes, payload scripts, javascript: URLs, frames. */
const injectedElements = (page: Page) =>
  page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    const handlers = all.filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name)));
    const scripts = [...document.scripts].filter((s) => (s.textContent ?? '').includes('__xss') && !(s.textContent ?? '').includes('self.__next_f'));
    const urls = all.filter((el) => ['href', 'src', 'action', 'formaction', 'xlink:href'].some((name) => /^\s*javascript:/i.test(el.getAttribute(name) ?? '')));
    const frames = [...document.querySelectorAll('iframe, object, embed')];
    return [...handlers, ...scripts, ...urls, ...frames].map((el) => el.outerHTML.slice(0, 160));
  });

async function expectInert(page: Page, fired: string[], visible: string) {
  await expect(page).toHaveTitle(/\S/);
  await expect(page.getByText(visible, { exact: false }).filter({ visible: true }).first()).toBeVisible();
  // Give a late payload (an image's error, an animation) its chance.
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await injectedElements(page)).toEqual([]);
  expect(fired).toEqual([]);
}

async function pageAs(browser: Browser, who: DemoRole | 'xena'): Promise<{ page: Page; fired: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext(who === 'xena' ? { storageState: await xena.storageState() } : { storageState: storageStateFor(who) });
  const page = await context.newPage();
  return { page, fired: watch(page), close: () => context.close() };
}

test('the detector sees an injected element and a script that ran (so a pass means something)', async ({ page }) => {
  const fired = watch(page);
  await page.setContent(`<p>x</p><img src=x onerror="${FIRE}">`);
  await expect.poll(() => page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBe(1);
  expect(await injectedElements(page)).toHaveLength(1);
  expect(fired).toContain('console: xss-fired');
});

test('the checker refuses HTML tags in scenario text, by path', async () => {
  const doc = payloadScenario();
  (doc as any).id = `${SCENARIO_ID}-tags`;
  (doc as any).meta.title = `Closing ${TAG_PAYLOADS.script}`;
  (doc as any).meta.persona.name = TAG_PAYLOADS.img;
  const response = await contexts.trainer.post('/api/author/scenarios', { data: { mode: 'import', source: JSON.stringify(doc) } });
  expect(response.status()).toBe(400);
  const { error } = (await response.json()) as { error: { details: { errors: { path: string; message: string }[] } } };
  expect(error.details.errors).toEqual(
    expect.arrayContaining([
      { path: 'meta.title', message: 'must be plain text, without HTML tags' },
      { path: 'meta.persona.name', message: 'must be plain text, without HTML tags' },
    ]),
  );
});

const PAGES: { name: string; who: DemoRole | 'xena'; path: () => string; visible: string; then?: (page: Page) => Promise<void> }[] = [
  { name: 'the home page', who: 'xena', path: () => '/', visible: VISIBLE.module },
  { name: 'the library', who: 'xena', path: () => '/scenarios', visible: VISIBLE.scenario },
  { name: 'the briefing', who: 'xena', path: () => `/scenarios/${SCENARIO_ID}`, visible: VISIBLE.scenario },
  { name: 'the player', who: 'xena', path: () => `/play/${inProgressAttempt}`, visible: VISIBLE.scenario },
  { name: 'the debrief', who: 'xena', path: () => `/attempts/${finishedAttempt}`, visible: VISIBLE.scenario },
  { name: 'the studio list', who: 'trainer', path: () => '/author', visible: VISIBLE.scenario },
  {
    name: 'the editor and its preview',
    who: 'trainer',
    path: () => `/author/${SCENARIO_ID}`,
    visible: VISIBLE.scenario,
    then: async (page) => {
      await page.getByRole('tab', { name: 'Preview' }).click();
      await page.getByRole('button', { name: 'Play from the start' }).click();
      await page
        .getByRole('button', { name: new RegExp(VISIBLE.scenario.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
        .first()
        .click();
    },
  },
  { name: 'the modules list', who: 'trainer', path: () => '/modules', visible: VISIBLE.module },
  { name: 'a module', who: 'hr', path: () => `/modules/${moduleId}`, visible: VISIBLE.module },
  { name: 'the HR dashboard', who: 'hr', path: () => '/hr', visible: VISIBLE.module },
  { name: 'the person page', who: 'hr', path: () => `/hr/people/${xenaId}`, visible: VISIBLE.person },
  { name: 'the people list', who: 'hr', path: () => '/admin/users?q=Xena', visible: VISIBLE.person },
  { name: 'a person’s account', who: 'admin', path: () => `/admin/users/${xenaId}`, visible: VISIBLE.person },
  { name: 'the audit log', who: 'admin', path: () => '/admin/audit', visible: 'Xena' },
];

for (const target of PAGES) {
  test(`no script runs on ${target.name}`, async ({ browser }) => {
    const { page, fired, close } = await pageAs(browser, target.who);
    try {
      const response = await page.goto(target.path());
      expect(response?.status()).toBe(200);
      await expectInert(page, fired, target.visible);
      if (target.then) {
        await target.then(page);
        await expectInert(page, fired, target.visible);
      }
    } finally {
      await close();
    }
  });
}

test('the certificate has the name and module title as text', async () => {
  const home = await (await xena.get('/')).text();
  const assignmentId = /\/api\/assignments\/([0-9a-f-]{36})\/certificate/.exec(home)?.[1];
  expect(assignmentId, 'the completed module offers its certificate').toBeTruthy();
  const response = await xena.get(`/api/assignments/${assignmentId}/certificate`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/pdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(await response.body())), { mergePages: true });
  // Lines wrap where the PDF sets them: compare without white space.
  const squeeze = (value: string) => value.replace(/\s+/g, '');
  expect(squeeze(text)).toContain(squeeze(personName));
  expect(squeeze(text)).toContain(squeeze(moduleTitle));
});

test('exports: no CSV cell can start a formula, and the JSON exports are valid JSON', async () => {
  const csvResponse = await contexts.hr.get('/api/hr/assignments/export');
  expect(csvResponse.status()).toBe(200);
  const { data } = Papa.parse<string[]>(await csvResponse.text(), { skipEmptyLines: true });
  const cells = data.flat();
  expect(cells.some((cell) => cell.includes('HYPERLINK'))).toBe(true);
  expect(cells.some((cell) => cell.includes(personName))).toBe(true);
  expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);

  const person = await contexts.admin.get(`/api/admin/users/${xenaId}/export`);
  expect(person.status()).toBe(200);
  const exported = JSON.parse(await person.text()) as unknown;
  expect(JSON.stringify(exported)).toContain(JSON.stringify(personName).slice(1, -1));

  const xapi = await contexts.hr.get('/api/hr/xapi');
  expect(xapi.status()).toBe(200);
  expect(xapi.headers()['content-type']).toContain('application/json');
  expect(JSON.stringify(JSON.parse(await xapi.text()))).toContain(SCENARIO_ID);
});
