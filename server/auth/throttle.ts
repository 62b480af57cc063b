import 'server-only';
import { and, asc, eq, gt, inArray, lte, notInArray, or } from 'drizzle-orm';
import type { Database } from '../db';
import { signInFailures } from '../db/schema';

/**
 * Sign-in throttling: failed sign-ins are counted per account (the email typed, known or not) and
 * per client address over a sliding window, in the database so every app instance sees the same
 * counts. Every function takes `now`, so tests control the clock.
 *
 * An account over its limit is closed only to the clients that failed on it in the window: a
 * client address that has not failed on that account may still try (ASVS 2.2.1). Otherwise anyone
 * could lock anyone out, admins included, with five wrong passwords from five addresses. Each such
 * try that fails closes the account to that address too, and the per-address limit still counts
 * every failure, so guessing from many addresses gains one try per address per window.
 */

export interface ThrottleLimits {
  accountLimit: number;
  addressLimit: number;
  windowMinutes: number;
}

/** What a sign-in is counted against; a key that is null is not counted. */
export interface ThrottleKeys {
  account: string | null;
  address: string | null;
}

export type ThrottleVerdict =
  | { throttled: false }
  | {
      throttled: true;
      /** Which count is over its limit (the account's when both are). */
      kind: 'account' | 'address';
      /** Seconds until enough counted failures leave the window for one more attempt. */
      retryAfterSeconds: number;
    };

type Db = Pick<Database, 'select' | 'insert' | 'delete'>;

// A failure counts for exactly windowMinutes: from `at` up to, not including, `at` + the window.
const windowStart = (limits: ThrottleLimits, now: Date) => new Date(now.getTime() - limits.windowMinutes * 60_000);

/**
 * Whether another attempt may be made now: refused once the failures in the window reach the
 * limit. Rows that have left the window are deleted for the keys looked at. `excluding` leaves out
 * failure rows by id (an attempt's own provisional rows, see `recordFailure`).
 */
export async function checkThrottle(db: Db, keys: ThrottleKeys, limits: ThrottleLimits, now: Date, excluding: readonly string[] = []): Promise<ThrottleVerdict> {
  const verdicts: { kind: 'account' | 'address'; retryAfterSeconds: number }[] = [];
  for (const [kind, key, limit] of [
    ['account', keys.account, limits.accountLimit],
    ['address', keys.address, limits.addressLimit],
  ] as const) {
    if (!key) continue;
    await db.delete(signInFailures).where(and(eq(signInFailures.kind, kind), eq(signInFailures.key, key), lte(signInFailures.at, windowStart(limits, now))));
    const rows = await db
      .select({ at: signInFailures.at })
      .from(signInFailures)
      .where(
        and(
          eq(signInFailures.kind, kind),
          eq(signInFailures.key, key),
          gt(signInFailures.at, windowStart(limits, now)),
          excluding.length ? notInArray(signInFailures.id, [...excluding]) : undefined,
        ),
      )
      .orderBy(asc(signInFailures.at));
    const retryAfterSeconds = retryAfter(
      rows.map((r) => r.at),
      limit,
      limits.windowMinutes,
      now,
    );
    if (retryAfterSeconds === null) continue;
    if (kind === 'account' && keys.address && !(await failedHere(db, keys, limits, now, excluding))) continue;
    verdicts.push({ kind, retryAfterSeconds });
  }
  if (keys.account && keys.address) {
    await db.delete(signInFailures).where(and(eq(signInFailures.kind, 'account-address'), eq(signInFailures.key, pairKey(keys)), lte(signInFailures.at, windowStart(limits, now))));
  }
  if (!verdicts.length) return { throttled: false };
  const longest = verdicts.reduce((a, b) => (b.retryAfterSeconds > a.retryAfterSeconds ? b : a));
  return { throttled: true, ...longest };
}

/**
 * Null while fewer than `limit` failures are in the window; otherwise the whole seconds until enough
 * of the oldest have left it that the count is below the limit again (at least 1).
 */
export function retryAfter(failuresOldestFirst: readonly Date[], limit: number, windowMinutes: number, now: Date): number | null {
  if (failuresOldestFirst.length < limit) return null;
  const freesASlot = failuresOldestFirst[failuresOldestFirst.length - limit]!;
  return Math.max(1, Math.ceil((freesASlot.getTime() + windowMinutes * 60_000 - now.getTime()) / 1000));
}

/**
 * Counts a failure against each key; returns the ids of the rows written. Rows of any key that have
 * left the window are deleted, so the table stays small however many emails are tried.
 */
export async function recordFailure(db: Db, keys: ThrottleKeys, limits: ThrottleLimits, now: Date): Promise<string[]> {
  await db.delete(signInFailures).where(lte(signInFailures.at, windowStart(limits, now)));
  const values = [
    ...(keys.account ? [{ kind: 'account' as const, key: keys.account, at: now }] : []),
    ...(keys.address ? [{ kind: 'address' as const, key: keys.address, at: now }] : []),
    ...(keys.account && keys.address ? [{ kind: 'account-address' as const, key: pairKey(keys), at: now }] : []),
  ];
  if (!values.length) return [];
  const rows = await db.insert(signInFailures).values(values).returning({ id: signInFailures.id });
  return rows.map((r) => r.id);
}

const pairKey = (keys: ThrottleKeys) => `${keys.account}\u0001${keys.address}`;

/** Whether this client address has failed on this account within the window. */
async function failedHere(db: Db, keys: ThrottleKeys, limits: ThrottleLimits, now: Date, excluding: readonly string[]): Promise<boolean> {
  const [row] = await db
    .select({ id: signInFailures.id })
    .from(signInFailures)
    .where(
      and(
        eq(signInFailures.kind, 'account-address'),
        eq(signInFailures.key, pairKey(keys)),
        gt(signInFailures.at, windowStart(limits, now)),
        excluding.length ? notInArray(signInFailures.id, [...excluding]) : undefined,
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Takes back failure rows by id (an attempt that turned out not to be a failure). */
export async function withdrawFailures(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length) await db.delete(signInFailures).where(inArray(signInFailures.id, [...ids]));
}

/** A successful sign-in forgives the account's failures; the address's stay counted. */
export async function clearAccountFailures(db: Db, account: string): Promise<void> {
  await db.delete(signInFailures).where(and(eq(signInFailures.kind, 'account'), eq(signInFailures.key, account)));
}

/**
 * A successful sign-in: takes back its own provisional rows and forgives the account's failures,
 * in one statement. As two statements, two sign-ins of one account at once each locked its own
 * provisional row first and then waited for the other's: PostgreSQL broke the deadlock by failing
 * one of them.
 */
export async function forgiveSignIn(db: Db, provisional: readonly string[], account: string | null): Promise<void> {
  const own = provisional.length ? inArray(signInFailures.id, [...provisional]) : undefined;
  const accounts = account ? and(eq(signInFailures.kind, 'account'), eq(signInFailures.key, account)) : undefined;
  const which = own && accounts ? or(own, accounts) : (own ?? accounts);
  if (which) await db.delete(signInFailures).where(which);
}
