/**
 * The database side of a load: accounts for simulated trainees, and the check that the database
 * holds exactly the choices the server acknowledged, with every attempt's stored position the one
 * its recorded choices lead to on its pinned scenario version.
 */
import { inArray, like } from 'drizzle-orm';
import { initialSnapshot, isFinished, positionOf, step } from '@/machines/runtime';
import { hashPassword } from '@/server/auth/passwords';
import type { Database } from '@/server/db';
import { attemptEvents, attempts, users } from '@/server/db/schema';
import { compiledVersion } from '@/server/training/library';
import { LOAD_PASSWORD, loadEmail, type Ledger } from './trainees';

const LOAD_EMAILS = '%@frontline-load.test';

/** Creates (or keeps) `count` trainee accounts with the load password and no time limits. */
export async function createLoadTrainees(db: Database, count: number): Promise<string[]> {
  const passwordHash = await hashPassword(LOAD_PASSWORD);
  const emails = Array.from({ length: count }, (_, i) => loadEmail(i));
  const startDate = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < emails.length; i += 500) {
    await db
      .insert(users)
      .values(
        emails
          .slice(i, i + 500)
          .map((email, j) => ({ email, name: `Load Trainee ${i + j + 1}`, role: 'trainee' as const, team: 'Load', timeMode: 'off' as const, startDate, passwordHash })),
      )
      .onConflictDoNothing();
  }
  return emails;
}

export interface RecordCheck {
  acknowledgedChoices: number;
  storedChoices: number;
  acknowledgedAttempts: number;
  /** Attempts the server created but whose start was never answered (a crash in between): they must hold no choice. */
  unacknowledgedAttempts: number;
  /** Each problem found, in words; empty when the database holds exactly what was acknowledged. */
  problems: string[];
}

const PROBLEMS_SHOWN = 20;

export async function checkRecords(db: Database, ledger: Ledger): Promise<RecordCheck> {
  const loadUsers = db.select({ id: users.id }).from(users).where(like(users.email, LOAD_EMAILS));
  const rows = await db.select().from(attempts).where(inArray(attempts.userId, loadUsers));
  const events = await db
    .select({ attemptId: attemptEvents.attemptId, seq: attemptEvents.seq, event: attemptEvents.event })
    .from(attemptEvents)
    .where(inArray(attemptEvents.attemptId, db.select({ id: attempts.id }).from(attempts).where(inArray(attempts.userId, loadUsers))));
  const stored = new Map<string, string[]>();
  for (const e of events) {
    const list = stored.get(e.attemptId) ?? [];
    list[e.seq] = e.event;
    stored.set(e.attemptId, list);
  }
  const problems: string[] = [];
  const problem = (text: string) => problems.push(text);
  let unacknowledgedAttempts = 0;
  for (const row of rows) {
    const acknowledged = ledger.attempts.get(row.id);
    const held = stored.get(row.id) ?? [];
    if (!acknowledged) {
      unacknowledgedAttempts++;
      if (held.length) problem(`attempt ${row.id} was never acknowledged as started but holds ${held.length} choice(s)`);
      continue;
    }
    if (held.length !== acknowledged.events.length || held.some((event, seq) => event !== acknowledged.events[seq])) {
      problem(`attempt ${row.id}: the database holds [${[...held].map((e) => e ?? '(gap)').join(', ')}], the server acknowledged [${acknowledged.events.join(', ')}]`);
    }
    // Replay the stored choices on the pinned version: the attempt must stand where they lead.
    const scenario = await compiledVersion(db, row.scenarioVersionId);
    let snapshot = initialSnapshot(scenario);
    let replayed = true;
    for (const [seq, event] of held.entries()) {
      const result = event === undefined ? null : step(scenario, snapshot, event);
      if (!result?.ok) {
        problem(`attempt ${row.id}: stored choice ${seq} (${event ?? 'missing'}) cannot be replayed`);
        replayed = false;
        break;
      }
      snapshot = result.next;
    }
    if (!replayed) continue;
    const position = positionOf(snapshot);
    const storedPosition = { state: row.stateName, mood: row.mood, flags: [...row.flags].sort() };
    if (row.step !== held.length) problem(`attempt ${row.id}: step ${row.step} with ${held.length} choice(s) stored`);
    if (JSON.stringify(position) !== JSON.stringify(storedPosition))
      problem(`attempt ${row.id}: stored at ${JSON.stringify(storedPosition)}, its choices lead to ${JSON.stringify(position)}`);
    if ((row.status === 'completed') !== isFinished(snapshot))
      problem(`attempt ${row.id}: status ${row.status}, but its choices ${isFinished(snapshot) ? 'end' : 'do not end'} the scenario`);
  }
  const inDatabase = new Set(rows.map((r) => r.id));
  for (const attemptId of ledger.attempts.keys()) {
    if (!inDatabase.has(attemptId)) problem(`attempt ${attemptId} was acknowledged as started but is not in the database`);
  }
  return {
    acknowledgedChoices: ledger.choices,
    storedChoices: events.length,
    acknowledgedAttempts: ledger.attempts.size,
    unacknowledgedAttempts,
    problems: problems.length > PROBLEMS_SHOWN ? [...problems.slice(0, PROBLEMS_SHOWN), `… and ${problems.length - PROBLEMS_SHOWN} more`] : problems,
  };
}
