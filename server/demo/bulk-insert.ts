import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from '../db';
import { DAY } from './clock';
import type { Trainee } from './people';
import type { AttemptRow, EventRow } from './simulation';

/**
 * Rows go in as one JSON document per statement, unpacked by json_to_recordset: one bind
 * parameter however many rows, and far less work than thousands of placeholders.
 */
async function insertJson(db: Database, into: string, columns: [string, string][], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const names = columns.map(([name]) => name).join(', ');
  const keys = columns.map((_, i) => `c${i}`);
  const typed = columns.map(([, type], i) => `${keys[i]} ${type}`).join(', ');
  const objects = rows.map((row) => Object.fromEntries(row.map((value, i) => [keys[i], value])));
  await db.execute(
    sql`INSERT INTO ${sql.raw(into)} (${sql.raw(names)}) SELECT ${sql.raw(keys.join(', '))} FROM json_to_recordset(${JSON.stringify(objects)}::json) AS r(${sql.raw(typed)})`,
  );
}

const ATTEMPT_COLUMNS: [string, string][] = [
  ['id', 'uuid'],
  ['user_id', 'uuid'],
  ['scenario_version_id', 'uuid'],
  ['status', 'text'],
  ['time_mode', 'text'],
  ['state_name', 'text'],
  ['mood', 'integer'],
  ['flags', 'jsonb'],
  ['step', 'integer'],
  ['state_entered_at', 'timestamptz'],
  ['started_at', 'timestamptz'],
  ['completed_at', 'timestamptz'],
  ['outcome', 'text'],
  ['passed', 'boolean'],
  ['overall_percent', 'double precision'],
  ['principle_scores', 'jsonb'],
  ['critical_errors', 'integer'],
  ['reading_ms', 'integer'],
  ['answering_ms', 'integer'],
  ['faster_than_reading', 'boolean'],
];
const EVENT_COLUMNS: [string, string][] = [
  ['attempt_id', 'uuid'],
  ['seq', 'integer'],
  ['event', 'text'],
  ['requested_event', 'text'],
  ['from_state', 'text'],
  ['mood', 'integer'],
  ['flags', 'jsonb'],
  ['to_state', 'text'],
  ['earned', 'jsonb'],
  ['best', 'jsonb'],
  ['elapsed_ms', 'integer'],
  ['shown_position', 'integer'],
  ['critical', 'text'],
  ['created_at', 'timestamptz'],
];
export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const attemptValues = (a: AttemptRow): unknown[] => [
  a.id,
  a.userId,
  a.scenarioVersionId,
  a.completedAt === null ? 'in-progress' : 'completed',
  a.timeMode,
  a.state,
  a.mood,
  a.flags,
  a.step,
  iso(a.stateEnteredAt),
  iso(a.startedAt),
  iso(a.completedAt),
  a.outcome,
  a.passed,
  a.overallPercent,
  a.principleScores,
  a.criticalErrors,
  a.readingMs,
  a.answeringMs,
  a.fasterThanReading,
];
const eventValues = (e: EventRow): unknown[] => [
  e.attemptId,
  e.seq,
  e.event,
  e.requestedEvent,
  e.fromState,
  e.mood,
  e.flags,
  e.toState,
  e.earned,
  e.best,
  e.elapsedMs,
  e.shownPosition,
  e.critical,
  iso(e.createdAt),
];

const EVENTS_PER_STATEMENT = 20_000;
const ATTEMPTS_PER_STATEMENT = 5_000;
const TRAINEES_PER_STATEMENT = 2_000;

/** The trainees' accounts, made a week before each one starts. */
export async function insertTrainees(db: Database, trainees: readonly Trainee[]): Promise<void> {
  for (let i = 0; i < trainees.length; i += TRAINEES_PER_STATEMENT) {
    await insertJson(
      db,
      'users',
      [
        ['id', 'uuid'],
        ['email', 'text'],
        ['name', 'text'],
        ['role', 'text'],
        ['team', 'text'],
        ['start_date', 'date'],
        ['time_mode', 'text'],
        ['created_at', 'timestamptz'],
      ],
      trainees.slice(i, i + TRAINEES_PER_STATEMENT).map((t) => [t.id, t.email, t.name, 'trainee', t.team, t.startDate, t.timeMode, iso(t.startAt - 7 * DAY)]),
    );
  }
}

/** Played attempts and their events, in as few statements as the rows allow. */
export async function insertAttempts(db: Database, attemptRows: readonly AttemptRow[], eventRows: readonly EventRow[]): Promise<void> {
  for (let k = 0; k < attemptRows.length; k += ATTEMPTS_PER_STATEMENT)
    await insertJson(db, 'attempts', ATTEMPT_COLUMNS, attemptRows.slice(k, k + ATTEMPTS_PER_STATEMENT).map(attemptValues));
  for (let k = 0; k < eventRows.length; k += EVENTS_PER_STATEMENT)
    await insertJson(db, 'attempt_events', EVENT_COLUMNS, eventRows.slice(k, k + EVENTS_PER_STATEMENT).map(eventValues));
}
