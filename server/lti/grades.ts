import 'server-only';
import { everyInterval } from '../platform/rounds';
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, gt, gte, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { principleName } from '@/machines';
import type { Database } from '../db';
import { assignments, attempts, ltiGradeDeliveries, ltiLaunches, ltiModuleGradeDeliveries, ltiPlatforms, moduleVersions, scenarioVersions, type LtiPlatform } from '../db/schema';
import { stepPlayed } from '../onboarding/module-steps';
import { LEASE_MS, retryAfterMs, retryDelayMs, RETRY_MAX_MS } from '../xapi/lrs';
import { SCORE_SCOPE } from './claims';
import { KEY_ALGORITHM, signingKey } from './keys';

/**
 * Grades back to the LMS (LTI Assignment and Grade Services 2.0, decision 036): when an attempt
 * started from a launch finishes, its score is posted to the launch's line item. Deliveries are
 * kept in lti_grade_deliveries and sent like the xAPI statements (server/xapi/lrs.ts): claimed
 * with a lease so two processes never send the same one, retried with the same backoff, never
 * sent again once the platform took it. A score post is idempotent on the platform's side (the
 * latest score of a user replaces the earlier one), so a resend after a crash does no harm.
 */

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_BATCH_SIZE = 50;

export interface GradeSendOptions {
  now?: Date;
  fetch?: typeof globalThis.fetch;
  batchSize?: number;
  timeoutMs?: number;
}

export interface GradeReport {
  due: number;
  sent: { attemptId: string; scoreGiven: number; tries: number }[];
  failed: { attemptId: string; tries: number; error: string; nextTryAt: Date }[];
}

/** The score service of a line item: its URL with /scores added to the path (LTI AGS §3.4). */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`;
  return url.toString();
}

/** The score as AGS takes it: the overall percent out of 100, completed and fully graded, with a comment. */
export function scoreFor(attempt: Pick<typeof attempts.$inferSelect, 'overallPercent' | 'passed' | 'principleScores' | 'completedAt'>, sub: string, scenarioTitle: string) {
  const percent = Math.floor((attempt.overallPercent ?? 0) * 100) / 100;
  const weakest = Object.entries(attempt.principleScores ?? {}).sort(([a, x], [b, y]) => x - y || a.localeCompare(b))[0];
  const comment = [
    `${scenarioTitle}: ${attempt.passed ? 'passed' : 'not passed'} with ${Math.floor(percent)}%.`,
    weakest ? `Principle to work on: ${principleName(weakest[0])} (${Math.floor(weakest[1])}%).` : null,
  ]
    .filter(Boolean)
    .join(' ');
  return {
    userId: sub,
    scoreGiven: percent,
    scoreMaximum: 100,
    activityProgress: 'Completed',
    gradingProgress: 'FullyGraded',
    timestamp: (attempt.completedAt ?? new Date()).toISOString(),
    comment,
  };
}

// ---- Access tokens (client credentials with a signed JWT assertion, LTI Security Framework §4.1) ----

const tokens = new Map<string, { token: string; expiresAt: number }>();

class DeliveryError extends Error {
  constructor(
    message: string,
    readonly delayMs: number | null,
  ) {
    super(message);
  }
}

const oneLine = (text: string, max = 300) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

async function send(fetchImpl: typeof globalThis.fetch, url: string, init: RequestInit, timeoutMs: number, what: string): Promise<{ response: Response; text: string }> {
  try {
    const response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { response, text: await response.text() };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new DeliveryError(`Could not reach the platform's ${what} (${url}): ${oneLine(cause)}`, null);
  }
}

function refused(what: string, response: Response, text: string, tries: number, now: Date): DeliveryError {
  const said = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}${text.trim() ? `: ${oneLine(text)}` : ''}`;
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    return new DeliveryError(`The platform's ${what} answered ${said}`, Math.max(retryDelayMs(tries), retryAfterMs(response.headers.get('retry-after'), now) ?? 0));
  }
  if (response.status === 401 || response.status === 403) {
    return new DeliveryError(`The platform's ${what} refused Frontline (${said}): check the client id and that the tool may post scores.`, RETRY_MAX_MS);
  }
  return new DeliveryError(`The platform's ${what} answered ${said}`, RETRY_MAX_MS);
}

async function accessToken(db: Database, platform: LtiPlatform, options: { fetch: typeof globalThis.fetch; timeoutMs: number; now: Date; tries: number }): Promise<string> {
  const cacheKey = `${platform.id} ${SCORE_SCOPE}`;
  const cached = tokens.get(cacheKey);
  if (cached && cached.expiresAt > options.now.getTime()) return cached.token;
  const key = await signingKey(db);
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: KEY_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenUrl)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + 300)
    .setJti(randomUUID())
    .sign(key.privateKey);
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    scope: SCORE_SCOPE,
  });
  const { response, text } = await send(
    options.fetch,
    platform.tokenUrl,
    { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body },
    options.timeoutMs,
    'token endpoint',
  );
  if (!response.ok) throw refused('token endpoint', response, text, options.tries, options.now);
  let parsed: { access_token?: unknown; expires_in?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new DeliveryError(`The platform's token endpoint did not answer JSON: ${oneLine(text)}`, RETRY_MAX_MS);
  }
  if (typeof parsed.access_token !== 'string') throw new DeliveryError('The platform’s token endpoint answered without an access_token.', RETRY_MAX_MS);
  const lifetime = typeof parsed.expires_in === 'number' ? parsed.expires_in : 3600;
  // Renewed a minute early, so a token never runs out on the way.
  tokens.set(cacheKey, { token: parsed.access_token, expiresAt: options.now.getTime() + Math.max(0, lifetime - 60) * 1000 });
  return parsed.access_token;
}

// ---- Sending ----

const isDue = (now: Date) => and(isNull(ltiGradeDeliveries.sentAt), or(isNull(ltiGradeDeliveries.nextTryAt), lte(ltiGradeDeliveries.nextTryAt, now)));
/** Only launches that gave a line item and the right to post scores have a grade to send. */
const gradable = and(isNotNull(ltiLaunches.lineItemUrl), sql`${ltiLaunches.agsScopes} @> ${JSON.stringify([SCORE_SCOPE])}::jsonb`);

/** Posts the scores of finished attempts launched from an LMS that are due, once each. */
/** Posts a score to a line item with a client-credentials token; a DeliveryError says when to try again. */
async function postScore(
  db: Database,
  platform: LtiPlatform,
  lineItemUrl: string,
  score: object,
  options: { fetch: typeof globalThis.fetch; timeoutMs: number; now: Date; tries: number },
): Promise<void> {
  if (platform.removedAt) throw new DeliveryError(`${platform.name} is no longer registered, so its line item cannot be reached.`, RETRY_MAX_MS);
  const token = await accessToken(db, platform, options);
  const { response, text } = await send(
    options.fetch,
    scoresUrl(lineItemUrl),
    { method: 'POST', headers: { 'Content-Type': 'application/vnd.ims.lis.v1.score+json', Authorization: `Bearer ${token}` }, body: JSON.stringify(score) },
    options.timeoutMs,
    'score service',
  );
  // A token the platform no longer takes is fetched afresh next time.
  if (response.status === 401) tokens.delete(`${platform.id} ${SCORE_SCOPE}`);
  if (!response.ok) throw refused('score service', response, text, options.tries, options.now);
}

export async function sendPendingGrades(db: Database, options: GradeSendOptions = {}): Promise<GradeReport> {
  const now = options.now ?? new Date();
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const report: GradeReport = { due: 0, sent: [], failed: [] };
  const due = await db
    .select({ attemptId: ltiGradeDeliveries.attemptId })
    .from(ltiGradeDeliveries)
    .innerJoin(attempts, eq(attempts.id, ltiGradeDeliveries.attemptId))
    .innerJoin(ltiLaunches, eq(ltiLaunches.id, ltiGradeDeliveries.launchId))
    .where(and(eq(attempts.status, 'completed'), isDue(now), gradable))
    .orderBy(asc(attempts.completedAt), asc(attempts.id))
    .limit(options.batchSize ?? DEFAULT_BATCH_SIZE);
  report.due = due.length;

  for (const { attemptId } of due) {
    const [claimed] = await db
      .update(ltiGradeDeliveries)
      .set({ tries: sql`${ltiGradeDeliveries.tries} + 1`, lastTriedAt: now, nextTryAt: new Date(now.getTime() + LEASE_MS) })
      .where(and(eq(ltiGradeDeliveries.attemptId, attemptId), isDue(now)))
      .returning({ tries: ltiGradeDeliveries.tries });
    if (!claimed) continue;
    const [row] = await db
      .select({ attempt: attempts, launch: ltiLaunches, platform: ltiPlatforms, title: scenarioVersions.title })
      .from(ltiGradeDeliveries)
      .innerJoin(attempts, eq(attempts.id, ltiGradeDeliveries.attemptId))
      .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
      .innerJoin(ltiLaunches, eq(ltiLaunches.id, ltiGradeDeliveries.launchId))
      .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiLaunches.platformId))
      .where(eq(ltiGradeDeliveries.attemptId, attemptId));
    if (!row) continue; // erased since it was listed
    const score = scoreFor(row.attempt, row.launch.sub, row.title);
    try {
      await postScore(db, row.platform, row.launch.lineItemUrl!, score, { fetch: fetchImpl, timeoutMs, now, tries: claimed.tries });
      await db.update(ltiGradeDeliveries).set({ sentAt: now, nextTryAt: null, lastError: null }).where(eq(ltiGradeDeliveries.attemptId, attemptId));
      report.sent.push({ attemptId, scoreGiven: score.scoreGiven, tries: claimed.tries });
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      const nextTryAt = new Date(now.getTime() + (error.delayMs ?? retryDelayMs(claimed.tries)));
      await db.update(ltiGradeDeliveries).set({ lastError: error.message, nextTryAt }).where(eq(ltiGradeDeliveries.attemptId, attemptId));
      report.failed.push({ attemptId, tries: claimed.tries, error: error.message, nextTryAt });
    }
  }
  return report;
}

// ---- Modules: the module's score once the person's assignment of it completes ----

/**
 * A module's score for the gradebook: the mean, over the steps passed since it was assigned, of the
 * best overall percent among the person's passes of each (floored to hundredths, as an attempt's).
 * A module completes once every step that counts is passed, so these are all its steps but those
 * retired before being passed.
 */
export async function moduleScore(db: Database, userId: string, steps: readonly string[], since: Date): Promise<{ percent: number; passedSteps: number }> {
  const passes = await db
    .select({ scenarioId: scenarioVersions.scenarioId, poolId: scenarioVersions.poolId, overallPercent: attempts.overallPercent })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(and(eq(attempts.userId, userId), eq(attempts.status, 'completed'), eq(attempts.passed, true), gte(attempts.completedAt, since)));
  const best = new Map<string, number>();
  for (const pass of passes) {
    const step = stepPlayed(steps, pass);
    if (step) best.set(step, Math.max(best.get(step) ?? 0, pass.overallPercent ?? 0));
  }
  const scores = [...best.values()];
  const mean = scores.length ? scores.reduce((sum, score) => sum + score, 0) / scores.length : 0;
  return { percent: Math.floor(mean * 100) / 100, passedSteps: scores.length };
}

const isModuleDue = (now: Date) => and(isNull(ltiModuleGradeDeliveries.sentAt), or(isNull(ltiModuleGradeDeliveries.nextTryAt), lte(ltiModuleGradeDeliveries.nextTryAt, now)));
/** The launch's person holds the launch's module (their current assignment of it), and it is complete. */
const moduleCompleted = and(
  isNotNull(ltiLaunches.targetModuleId),
  eq(assignments.userId, ltiLaunches.userId),
  eq(assignments.isCurrent, true),
  eq(moduleVersions.moduleId, ltiLaunches.targetModuleId),
  isNotNull(assignments.completedAt),
);

/** Posts the scores of modules launched from an LMS whose assignment has completed, once each launch. */
export async function sendPendingModuleGrades(db: Database, options: GradeSendOptions = {}): Promise<ModuleGradeReport> {
  const now = options.now ?? new Date();
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const report: ModuleGradeReport = { due: 0, sent: [], failed: [] };
  const completedModules = () =>
    db
      .select({ launch: ltiLaunches, platform: ltiPlatforms, assignment: assignments, version: moduleVersions })
      .from(ltiModuleGradeDeliveries)
      .innerJoin(ltiLaunches, eq(ltiLaunches.id, ltiModuleGradeDeliveries.launchId))
      .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiLaunches.platformId))
      .innerJoin(assignments, eq(assignments.userId, ltiLaunches.userId))
      .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId));
  const due = await completedModules()
    .where(and(isModuleDue(now), gradable, moduleCompleted))
    .orderBy(asc(assignments.completedAt), asc(ltiLaunches.id))
    .limit(options.batchSize ?? DEFAULT_BATCH_SIZE);
  report.due = due.length;

  for (const row of due) {
    const launchId = row.launch.id;
    const [claimed] = await db
      .update(ltiModuleGradeDeliveries)
      .set({ tries: sql`${ltiModuleGradeDeliveries.tries} + 1`, lastTriedAt: now, nextTryAt: new Date(now.getTime() + LEASE_MS) })
      .where(and(eq(ltiModuleGradeDeliveries.launchId, launchId), isModuleDue(now)))
      .returning({ tries: ltiModuleGradeDeliveries.tries });
    if (!claimed) continue;
    const { percent, passedSteps } = await moduleScore(db, row.launch.userId, row.version.steps, row.assignment.assignedAt);
    const score = {
      userId: row.launch.sub,
      scoreGiven: percent,
      scoreMaximum: 100,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: row.assignment.completedAt!.toISOString(),
      comment: `${row.version.title}: completed, ${passedSteps} ${passedSteps === 1 ? 'scenario' : 'scenarios'} passed, ${Math.floor(percent)}% on average.`,
    };
    try {
      await postScore(db, row.platform, row.launch.lineItemUrl!, score, { fetch: fetchImpl, timeoutMs, now, tries: claimed.tries });
      await db.update(ltiModuleGradeDeliveries).set({ sentAt: now, nextTryAt: null, lastError: null }).where(eq(ltiModuleGradeDeliveries.launchId, launchId));
      report.sent.push({ launchId, moduleId: row.version.moduleId, scoreGiven: percent, tries: claimed.tries });
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error;
      const nextTryAt = new Date(now.getTime() + (error.delayMs ?? retryDelayMs(claimed.tries)));
      await db.update(ltiModuleGradeDeliveries).set({ lastError: error.message, nextTryAt }).where(eq(ltiModuleGradeDeliveries.launchId, launchId));
      report.failed.push({ launchId, tries: claimed.tries, error: error.message, nextTryAt });
    }
  }
  return report;
}

export interface ModuleGradeReport {
  due: number;
  sent: { launchId: string; moduleId: string; scoreGiven: number; tries: number }[];
  failed: { launchId: string; tries: number; error: string; nextTryAt: Date }[];
}

export interface GradeStatus {
  /** Finished attempts launched from an LMS with a line item to post to. */
  finished: number;
  sent: number;
  waiting: number;
  problems: { attemptId: string; tries: number; lastError: string; nextTryAt: Date | null }[];
  /** Modules launched from an LMS: scores posted, and those that failed. */
  modulesSent: number;
  moduleProblems: { launchId: string; tries: number; lastError: string; nextTryAt: Date | null }[];
}

/** How grade delivery stands, for `npm run lrs:send -- --status`. */
export async function gradeStatus(db: Database, now = new Date()): Promise<GradeStatus> {
  const base = () =>
    db
      .select({ n: count() })
      .from(ltiGradeDeliveries)
      .innerJoin(attempts, eq(attempts.id, ltiGradeDeliveries.attemptId))
      .innerJoin(ltiLaunches, eq(ltiLaunches.id, ltiGradeDeliveries.launchId));
  const number = async (query: Promise<{ n: number }[]>) => Number((await query)[0]?.n ?? 0);
  const finished = await number(base().where(and(eq(attempts.status, 'completed'), gradable)));
  const sent = await number(base().where(and(isNotNull(ltiGradeDeliveries.sentAt), gradable)));
  const waiting = await number(base().where(and(isNull(ltiGradeDeliveries.sentAt), gt(ltiGradeDeliveries.nextTryAt, now), gradable)));
  const problems = await db
    .select({
      attemptId: ltiGradeDeliveries.attemptId,
      tries: ltiGradeDeliveries.tries,
      lastError: sql<string>`${ltiGradeDeliveries.lastError}`,
      nextTryAt: ltiGradeDeliveries.nextTryAt,
    })
    .from(ltiGradeDeliveries)
    .where(and(isNull(ltiGradeDeliveries.sentAt), isNotNull(ltiGradeDeliveries.lastError)))
    .orderBy(desc(ltiGradeDeliveries.lastTriedAt))
    .limit(20);
  const modulesSent = await number(db.select({ n: count() }).from(ltiModuleGradeDeliveries).where(isNotNull(ltiModuleGradeDeliveries.sentAt)));
  const moduleProblems = await db
    .select({
      launchId: ltiModuleGradeDeliveries.launchId,
      tries: ltiModuleGradeDeliveries.tries,
      lastError: sql<string>`${ltiModuleGradeDeliveries.lastError}`,
      nextTryAt: ltiModuleGradeDeliveries.nextTryAt,
    })
    .from(ltiModuleGradeDeliveries)
    .where(and(isNull(ltiModuleGradeDeliveries.sentAt), isNotNull(ltiModuleGradeDeliveries.lastError)))
    .orderBy(desc(ltiModuleGradeDeliveries.lastTriedAt))
    .limit(20);
  return { finished, sent, waiting, problems, modulesSent, moduleProblems };
}

/** Makes every unsent grade due now (`npm run lrs:send -- --retry`). Returns how many. */
export async function retryUnsentGradesNow(db: Database): Promise<number> {
  const rows = await db
    .update(ltiGradeDeliveries)
    .set({ nextTryAt: null })
    .where(and(isNull(ltiGradeDeliveries.sentAt), isNotNull(ltiGradeDeliveries.nextTryAt)))
    .returning({ attemptId: ltiGradeDeliveries.attemptId });
  const moduleRows = await db
    .update(ltiModuleGradeDeliveries)
    .set({ nextTryAt: null })
    .where(and(isNull(ltiModuleGradeDeliveries.sentAt), isNotNull(ltiModuleGradeDeliveries.nextTryAt)))
    .returning({ launchId: ltiModuleGradeDeliveries.launchId });
  return rows.length + moduleRows.length;
}

/**
 * The server's loop: a round every 30 seconds (a timer that does not keep the process alive).
 * Rounds with nothing due cost one query.
 */
export function startGradeSender(db: Database, { intervalMs = 30_000, log = (line: string) => console.log(line) } = {}): { stop(): Promise<void> } {
  return everyInterval(
    async () => {
      try {
        const report = await sendPendingGrades(db);
        if (report.sent.length) log(`Frontline: posted ${report.sent.length} score${report.sent.length === 1 ? '' : 's'} to LMS gradebooks.`);
        for (const f of report.failed) log(`Frontline: could not post the score of attempt ${f.attemptId} (try ${f.tries}): ${f.error} Next try ${f.nextTryAt.toISOString()}.`);
        const modules = await sendPendingModuleGrades(db);
        if (modules.sent.length) log(`Frontline: posted ${modules.sent.length} module score${modules.sent.length === 1 ? '' : 's'} to LMS gradebooks.`);
        for (const f of modules.failed)
          log(`Frontline: could not post the module score of launch ${f.launchId} (try ${f.tries}): ${f.error} Next try ${f.nextTryAt.toISOString()}.`);
      } catch (error) {
        console.error('Frontline: posting scores to LMS gradebooks failed:', error);
      }
    },
    { intervalMs },
  );
}
