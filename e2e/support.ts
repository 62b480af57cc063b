import path from 'node:path';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { checkScenario, compileScenario, criticalErrors, hasPassed, PRINCIPLE_IDS, scoreAttempt, type CompiledScenario } from '@/machines';
import { allPaths, type PlayedPath } from '@/machines/test-fixtures/all-paths';

export const DEMO_PASSWORD = 'frontline-demo';
export const DEMO_ROLES = ['trainee', 'trainer', 'hr', 'admin'] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];
export const storageStateFor = (role: DemoRole) => path.join('test-results', `.auth-${role}.json`);

export async function signIn(page: Page, email: string, from = '/scenarios') {
  await page.goto(`/login?from=${encodeURIComponent(from)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`**${from}`);
}

/** The password of the people tests create: long and unpredictable enough for the password rules. */
export const NEW_PERSON_PASSWORD = 'harbour lantern evening';

/** A new trainee, made by an admin or HR (their request context), with a password set through their one-time link. */
export async function newTrainee(staff: APIRequestContext, baseURL: string, person: { name: string; email: string; team?: string }): Promise<{ id: string; email: string }> {
  const created = await staff.post('/api/admin/users', { data: { ...person, role: 'trainee' }, headers: { origin: baseURL } });
  expect(created.status(), await created.text()).toBe(201);
  const { user, link } = (await created.json()) as { user: { id: string }; link: string };
  const set = await staff.post('/api/password', { data: { token: link.split('/').pop(), password: NEW_PERSON_PASSWORD }, headers: { origin: baseURL } });
  expect(set.status()).toBe(200);
  return { id: user.id, email: person.email };
}

/** Signs in on the plain sign-in page, in a browser of their own, and lands on the home page. */
export async function signedInAs(browser: Browser, email: string, password = NEW_PERSON_PASSWORD): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/');
  return page;
}

/**
 * At one address of the site, in a browser of its own: asks for a briefing and is sent to sign in
 * there, signs in and comes back, starts the conversation, signs out; every step stays at `address`.
 */
export async function signInStartAndSignOutAt(browser: Browser, address: string, email: string, password: string): Promise<void> {
  const context = await browser.newContext({ baseURL: address, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/scenarios/closing-well');
  await page.waitForURL(`${address}/login?from=%2Fscenarios%2Fclosing-well`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${address}/scenarios/closing-well`);
  // "Start a new conversation" where this person has one unfinished.
  await page.getByRole('button', { name: /^Start (the|a new) conversation$/ }).click();
  await page.waitForURL(`${address}/play/**`);
  await expect(page.getByRole('heading', { name: 'Your reply' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${address}/login`);
  await context.close();
}

/** A built-in scenario as the runtime sees it. */
export function builtin(id: string): CompiledScenario {
  const result = checkScenario(readFileSync(`scenarios/${id}.json`, 'utf8'), { file: id, principles: PRINCIPLE_IDS });
  if (!result.document) throw new Error(`${id} is not valid`);
  return compileScenario(result.document);
}

export interface ScoredPath extends PlayedPath {
  overall: number;
  principles: Record<string, number>;
  passed: boolean;
}

/** Every path through a scenario with the score the runtime gives it. */
export function scoredPaths(scenario: CompiledScenario): ScoredPath[] {
  return allPaths(scenario).map((p) => {
    const score = scoreAttempt(p.decisions);
    return {
      ...p,
      overall: score.overallPercent,
      principles: score.principles,
      passed: hasPassed(score.overallPercent, scenario.doc.meta.passPercent, p.outcome, criticalErrors(p.decisions)),
    };
  });
}

/** The words of an event at a decision, as the trainee sees them on the button. */
export function wordsFor(scenario: CompiledScenario, state: string, event: string): string {
  const transitions = (scenario.doc.states[state] as { on: Record<string, unknown> }).on[event];
  const first = (Array.isArray(transitions) ? transitions[0] : transitions) as { meta: { choice: string } };
  return first.meta.choice;
}

/** Opens the briefing and starts the scenario with the given time limits. */
export async function startScenario(page: Page, id: string, timeMode: 'Standard' | 'Extended' | 'No time limits' = 'No time limits') {
  await page.goto(`/scenarios/${id}`);
  const option = page.getByLabel(timeMode, { exact: false });
  if (await option.count()) await option.first().check();
  // "Start a new conversation" where this person has one unfinished.
  await page.getByRole('button', { name: /^Start (the|a new) conversation$/ }).click();
  await page.waitForURL('**/play/**');
  return new URL(page.url()).pathname.split('/').pop()!;
}

export const choices = (page: Page) => page.locator('[aria-labelledby="choices-heading"]').getByRole('button');

/**
 * Clicks through a path (or, where trainees type their replies, types each reply's words and
 * confirms it), waiting for each reply to be saved. In an assessment the server answers
 * each reply before the next decision shows, so the path ends once no reply is waiting for it.
 */
export async function playPath(page: Page, scenario: CompiledScenario, path: PlayedPath) {
  for (const decision of path.decisions) {
    const words = wordsFor(scenario, decision.state, decision.event);
    if (scenario.doc.meta.ownWords) {
      // Where trainees type their replies: the reply's own words, understood as that reply, then confirmed.
      await page.getByLabel('What do you say?').fill(words);
      await page.getByLabel('What do you say?').press('Enter');
      await expect(page.getByRole('blockquote').first()).toHaveText(words);
      await page.getByRole('button', { name: 'Yes, say that' }).click();
    } else await page.getByRole('button', { name: words, exact: true }).click();
  }
  await expect(page.getByText('Saving…')).toHaveCount(0);
  await expect(page.locator('[aria-labelledby="choices-heading"][aria-busy="true"]')).toHaveCount(0);
}

/** axe: no WCAG 2.x A or AA violation. */
export async function expectAccessible(page: Page) {
  // Next streams a page's metadata after its body: wait for the title before judging the page.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }))).toEqual([]);
}

export const floorPercent = (value: number) => Math.floor(value + 1e-9);

/** Plays a path through the API, as the player does, with no time limits and no pause between replies. */
export async function playThroughApi(request: APIRequestContext, baseURL: string, scenarioId: string, path: PlayedPath): Promise<string> {
  const started = await request.post('/api/attempts', { data: { scenarioId, timeMode: 'off' }, headers: { origin: baseURL } });
  expect(started.status(), await started.text()).toBe(201);
  const { attemptId } = (await started.json()) as { attemptId: string };
  for (const [seq, decision] of path.decisions.entries()) {
    const reply = await request.post(`/api/attempts/${attemptId}/choices`, { data: { seq, event: decision.event }, headers: { origin: baseURL } });
    expect(reply.status(), await reply.text()).toBe(200);
  }
  return attemptId;
}
