import 'server-only';
import { everyInterval, type Rounds } from '../platform/rounds';
import { and, asc, count, desc, eq, gt, gte, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { attempts, lrsDeliveries } from '../db/schema';
import type { LrsSettings } from '../platform/settings';
import { attemptStatements, XAPI_VERSION } from './statements';

/**
 * Sends the xAPI statements of finished attempts to a Learning Record Store (docs/xapi.md), one
 * request per attempt, and records each delivery in lrs_deliveries:
 * - a row is claimed (tries + 1, nextTryAt = a lease) by a conditional UPDATE before sending, so
 *   two server processes never send the same attempt at once;
 * - a recorded success (sentAt) is never sent again;
 * - a crash between the store accepting and sentAt being written leaves the lease to run out and
 *   the attempt to be sent again with the same statement ids, which a conforming store does not
 *   store twice (xAPI-Communication §2.1.2: a statement id it already has changes nothing);
 * - failures wait with exponential backoff; a 409 Conflict (a statement with one of these ids but
 *   other content is already there) is held for a person to look at, never marked sent.
 */

/** How long a claimed delivery is left to its sender before another may take it: well over a request's time limit. */
export const LEASE_MS = 5 * 60_000;
export const RETRY_BASE_MS = 60_000;
export const RETRY_MAX_MS = 6 * 3_600_000;
/** The longest a store's Retry-After is waited for. */
const RETRY_AFTER_MAX_MS = 24 * 3_600_000;
/** nextTryAt of a delivery held after a conflict: not retried until someone runs `npm run lrs:send -- --retry`. */
export const HELD_UNTIL = new Date('9999-12-31T00:00:00.000Z');
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_BATCH_SIZE = 50;

export interface SendOptions {
  /** The round's clock: what is due, leases and backoff are measured from it. */
  now?: Date;
  fetch?: typeof globalThis.fetch;
  /** At most this many attempts are sent in one round. */
  batchSize?: number;
  /** Time limit of one request. */
  timeoutMs?: number;
  /** The site the statements name (publicOrigin, server/platform/site-origin.ts). */
  site?: string;
}

export interface Delivered {
  attemptId: string;
  statements: number;
  tries: number;
}

export interface Undelivered {
  attemptId: string;
  tries: number;
  error: string;
  /** When it is tried again; HELD_UNTIL when it waits for a person. */
  nextTryAt: Date;
}

export interface SendReport {
  /** Finished attempts that were due in this round (at most the batch size). */
  due: number;
  sent: Delivered[];
  failed: Undelivered[];
  /** Refused with 409 Conflict: held until someone looks (see docs/xapi.md). */
  held: Undelivered[];
  /** Why the round stopped before the end of its batch: the store itself is failing, so the rest waits. */
  stoppedEarly: string | null;
}

/** Where statements are posted: the store's xAPI base URL + /statements. */
export const statementsEndpoint = (lrs: LrsSettings) => `${lrs.endpoint.replace(/\/+$/, '')}/statements`;

/** Exponential backoff after the nth try: 1 min, 2 min, 4 min … at most 6 hours. */
export const retryDelayMs = (tries: number) => Math.min(RETRY_BASE_MS * 2 ** Math.max(0, tries - 1), RETRY_MAX_MS);

/** Retry-After as seconds or an HTTP date, in milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, RETRY_AFTER_MAX_MS);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.min(Math.max(0, at - now.getTime()), RETRY_AFTER_MAX_MS);
}

type Outcome = { kind: 'sent' } | { kind: 'retry'; error: string; delayMs: number; stopRound: boolean } | { kind: 'held'; error: string };

const oneLine = (text: string, max = 300) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function networkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `The store did not answer within ${timeoutMs / 1000} s.`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  const detail = cause
    ? `${(cause as { code?: string }).code ? `${(cause as { code?: string }).code}: ` : ''}${cause.message}`
    : error instanceof Error
      ? error.message
      : String(error);
  return `Could not reach the store: ${oneLine(detail)}`;
}

async function post(lrs: LrsSettings, body: string, tries: number, options: Required<Pick<SendOptions, 'fetch' | 'timeoutMs'>> & { now: Date }): Promise<Outcome> {
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(statementsEndpoint(lrs), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Experience-API-Version': XAPI_VERSION,
        Authorization: `Basic ${Buffer.from(`${lrs.key}:${lrs.secret}`).toString('base64')}`,
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    return { kind: 'retry', error: networkError(error, options.timeoutMs), delayMs: retryDelayMs(tries), stopRound: true };
  }
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const said = text.trim() ? `: ${oneLine(text)}` : '';
  if (response.ok) return { kind: 'sent' };
  if (response.status === 409) {
    return {
      kind: 'held',
      error: `${status}${said}. The store already holds a statement with one of these ids and different content, so these were not stored. Held until someone checks the store and runs npm run lrs:send -- --retry.`,
    };
  }
  if (response.status === 429 || response.status === 408 || response.status >= 500) {
    const delayMs = Math.max(retryDelayMs(tries), retryAfterMs(response.headers.get('retry-after'), options.now) ?? 0);
    return { kind: 'retry', error: `${status}${said}`, delayMs, stopRound: true };
  }
  if (response.status === 401 || response.status === 403) {
    // The same for every attempt: wait long, and leave the rest of the round alone.
    return {
      kind: 'retry',
      error: `${status}${said}. The store refused Frontline's credentials: check FRONTLINE_LRS_KEY and FRONTLINE_LRS_SECRET, and that the key may write statements.`,
      delayMs: RETRY_MAX_MS,
      stopRound: true,
    };
  }
  // Anything else (400 Bad Request, 404, 413 …) is about this request: wait long, go on with the others.
  return { kind: 'retry', error: `${status}${said}`, delayMs: RETRY_MAX_MS, stopRound: false };
}

/** Sends the statements of the finished attempts that are due, once each. */
export async function sendPendingStatements(db: Database, lrs: LrsSettings, options: SendOptions = {}): Promise<SendReport> {
  const now = options.now ?? new Date();
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const endpoint = statementsEndpoint(lrs);
  const report: SendReport = { due: 0, sent: [], failed: [], held: [], stoppedEarly: null };

  const isDue = and(isNull(lrsDeliveries.sentAt), or(isNull(lrsDeliveries.nextTryAt), lte(lrsDeliveries.nextTryAt, now)));
  const due = await db
    .select({ id: attempts.id })
    .from(attempts)
    .leftJoin(lrsDeliveries, eq(lrsDeliveries.attemptId, attempts.id))
    .where(and(eq(attempts.status, 'completed'), isDue))
    .orderBy(asc(attempts.completedAt), asc(attempts.id))
    .limit(options.batchSize ?? DEFAULT_BATCH_SIZE);
  report.due = due.length;

  for (const { id: attemptId } of due) {
    const statements = await attemptStatements(db, attemptId, { site: options.site });
    if (!statements) continue; // erased since it was listed
    const statementIds = statements.map((s) => s.id);
    await db.insert(lrsDeliveries).values({ attemptId, statementIds, endpoint }).onConflictDoNothing();
    // The claim: only one sender's UPDATE finds the row still due.
    const [claimed] = await db
      .update(lrsDeliveries)
      .set({ tries: sql`${lrsDeliveries.tries} + 1`, lastTriedAt: now, nextTryAt: new Date(now.getTime() + LEASE_MS), statementIds, endpoint })
      .where(and(eq(lrsDeliveries.attemptId, attemptId), isDue))
      .returning({ tries: lrsDeliveries.tries });
    if (!claimed) continue;

    const outcome = await post(lrs, JSON.stringify(statements), claimed.tries, { fetch: fetchImpl, timeoutMs, now });
    if (outcome.kind === 'sent') {
      await db.update(lrsDeliveries).set({ sentAt: now, nextTryAt: null, lastError: null }).where(eq(lrsDeliveries.attemptId, attemptId));
      report.sent.push({ attemptId, statements: statements.length, tries: claimed.tries });
      continue;
    }
    const nextTryAt = outcome.kind === 'held' ? HELD_UNTIL : new Date(now.getTime() + outcome.delayMs);
    await db.update(lrsDeliveries).set({ lastError: outcome.error, nextTryAt }).where(eq(lrsDeliveries.attemptId, attemptId));
    const entry = { attemptId, tries: claimed.tries, error: outcome.error, nextTryAt };
    if (outcome.kind === 'held') report.held.push(entry);
    else {
      report.failed.push(entry);
      if (outcome.stopRound) {
        report.stoppedEarly = outcome.error;
        break;
      }
    }
  }
  return report;
}

export interface DeliveryStatus {
  /** Finished attempts, all of which are to be sent. */
  finished: number;
  sent: number;
  /** Not sent yet and due now: never tried, or their wait is over. */
  due: number;
  /** Failed, waiting for their next try (or being sent right now). */
  waiting: number;
  /** Refused with a conflict: held until someone looks. */
  held: number;
  /** The unsent deliveries that have failed, most recently tried first (at most 20). */
  problems: { attemptId: string; tries: number; lastError: string; lastTriedAt: Date | null; nextTryAt: Date | null }[];
}

/** How sending stands, for `npm run lrs:send -- --status`. */
export async function deliveryStatus(db: Database, now = new Date()): Promise<DeliveryStatus> {
  const number = async (query: Promise<{ n: number }[]>) => Number((await query)[0]?.n ?? 0);
  const finished = await number(db.select({ n: count() }).from(attempts).where(eq(attempts.status, 'completed')));
  const sent = await number(db.select({ n: count() }).from(lrsDeliveries).where(isNotNull(lrsDeliveries.sentAt)));
  const held = await number(
    db
      .select({ n: count() })
      .from(lrsDeliveries)
      .where(and(isNull(lrsDeliveries.sentAt), gte(lrsDeliveries.nextTryAt, HELD_UNTIL))),
  );
  const waiting = await number(
    db
      .select({ n: count() })
      .from(lrsDeliveries)
      .where(and(isNull(lrsDeliveries.sentAt), gt(lrsDeliveries.nextTryAt, now), lt(lrsDeliveries.nextTryAt, HELD_UNTIL))),
  );
  const problems = await db
    .select({
      attemptId: lrsDeliveries.attemptId,
      tries: lrsDeliveries.tries,
      lastError: sql<string>`${lrsDeliveries.lastError}`,
      lastTriedAt: lrsDeliveries.lastTriedAt,
      nextTryAt: lrsDeliveries.nextTryAt,
    })
    .from(lrsDeliveries)
    .where(and(isNull(lrsDeliveries.sentAt), isNotNull(lrsDeliveries.lastError)))
    .orderBy(desc(lrsDeliveries.lastTriedAt))
    .limit(20);
  return { finished, sent, due: Math.max(0, finished - sent - held - waiting), waiting, held, problems };
}

/** Makes every unsent delivery due now, held ones included (`npm run lrs:send -- --retry`). Returns how many. */
export async function retryUnsentNow(db: Database): Promise<number> {
  const rows = await db
    .update(lrsDeliveries)
    .set({ nextTryAt: null })
    .where(and(isNull(lrsDeliveries.sentAt), isNotNull(lrsDeliveries.nextTryAt)))
    .returning({ attemptId: lrsDeliveries.attemptId });
  return rows.length;
}

export interface LrsSenderOptions extends Omit<SendOptions, 'now'> {
  /** Time between rounds. */
  intervalMs?: number;
  /** Time before the first round, so start-up finishes first. */
  firstRoundAfterMs?: number;
  /** Where a round's summary goes. */
  log?: (line: string) => void;
}

export type LrsSender = Rounds;

/**
 * The server's sending loop: a round every 30 seconds (a timer that does not keep the process
 * alive); while rounds come back full, the next one starts at once, so a backlog drains quickly.
 */
export function startLrsSender(db: Database, lrs: LrsSettings, options: LrsSenderOptions = {}): LrsSender {
  const intervalMs = options.intervalMs ?? 30_000;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const log = options.log ?? ((line: string) => console.log(line));
  return everyInterval(
    async (stopped) => {
      try {
        for (;;) {
          const report = await sendPendingStatements(db, lrs, { ...options, batchSize, now: new Date() });
          for (const line of summarise(report, statementsEndpoint(lrs))) log(line);
          if (stopped() || report.stoppedEarly || report.due < batchSize) break;
        }
      } catch (error) {
        console.error('Frontline: sending xAPI statements failed:', error);
      }
    },
    { intervalMs, firstRoundAfterMs: options.firstRoundAfterMs },
  );
}

/** A round in a few lines; nothing when nothing happened. */
export function summarise(report: SendReport, endpoint: string): string[] {
  const lines: string[] = [];
  if (report.sent.length) {
    const statements = report.sent.reduce((n, s) => n + s.statements, 0);
    lines.push(`Frontline: sent ${statements} xAPI statements of ${report.sent.length} finished attempt${report.sent.length === 1 ? '' : 's'} to ${endpoint}`);
  }
  for (const f of report.failed) lines.push(`Frontline: could not send attempt ${f.attemptId} (try ${f.tries}): ${f.error} Next try ${f.nextTryAt.toISOString()}.`);
  for (const h of report.held) lines.push(`Frontline: attempt ${h.attemptId} held: ${h.error}`);
  return lines;
}
