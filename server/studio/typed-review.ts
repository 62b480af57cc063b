import 'server-only';
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import { asList, isDecision, TIMEOUT_EVENT, type ScenarioDocument } from '@/machines';
import { assertAuthors } from './authoring';
import type { Database } from '../db';
import { scenarios, scenarioVersions, type User } from '../db/schema';
import { RecordNotFoundError } from '../platform/errors';
import { modulesAskingOwnWords } from '../onboarding/modules';

/**
 * The trainers' review queue of replies typed in trainees' own words (decision 033): per decision
 * of a scenario, over all its versions, the replies that matched nothing and those accepted with
 * low confidence, grouped by their words, with how often each came up. A trainer adds one as an
 * example of a reply in the editor, so the matcher understands it once the scenario is published
 * again. As with the usage figures, only trainees' replies count (an author's test plays would
 * skew the figures), and nothing says who typed a reply: no attempt, no person, no time of day
 * beyond the latest one per group.
 */

/** An accepted match (the matcher's confidence is 0.5 at its thresholds) below this is an unsure one. */
export const UNSURE_BELOW = 0.7;
/** The most frequent groups shown per state; the rest are counted, not listed. */
export const MAX_GROUPS_PER_STATE = 50;

/**
 * How typed words are grouped: trimmed, spaces collapsed, lower case, sentence punctuation at the
 * end stripped. The same rule as the SQL below, for tests and for callers comparing texts.
 */
export const normaliseTypedText = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/[.,!?;:…\s]+$/u, '');

/** A reply of the scenario, by its key and words; `words` is null when the newest version no longer has it. */
export interface ReplyRef {
  event: string;
  words: string | null;
}

/** Typed replies with the same words (as normalised) and the same fate. */
export interface TypedReplyGroup {
  /** `missed`: matched nothing; `unsure`: accepted with a confidence below UNSURE_BELOW. */
  kind: 'missed' | 'unsure';
  /** The words as most recently typed, trimmed and with spaces collapsed. */
  text: string;
  count: number;
  /** When a reply of the group was last typed (ISO). */
  lastTypedAt: string;
  /** For an unsure match, the reply it was understood as. */
  understood: ReplyRef | null;
}

export interface TypedReviewState {
  state: string;
  /** False for a state the newest version no longer has (typed at an older version). */
  inNewestVersion: boolean;
  typed: number;
  missed: number;
  unsure: number;
  /**
   * Every accepted typed reply, by the reply it was understood as: each reply of the state in the
   * newest version (none typed: 0), then replies no longer there.
   */
  understood: (ReplyRef & { count: number })[];
  /** The most frequent groups first (then the most recent), at most MAX_GROUPS_PER_STATE. */
  groups: TypedReplyGroup[];
  /** Groups beyond MAX_GROUPS_PER_STATE, not listed. */
  groupsLeftOut: number;
}

/** Plain JSON: it goes to the browser as it is. */
export interface TypedReview {
  scenarioId: string;
  /** The newest published version; null when none is. */
  newestVersion: number | null;
  /** Whether the newest version takes typed replies (`meta.ownWords`). */
  takesTypedReplies: boolean;
  /** Modules in which trainees type their replies to this scenario, whatever the scenario says. */
  typedInModules: string[];
  unsureBelow: number;
  maxGroupsPerState: number;
  /** States with typed replies: the newest version's decisions in its order, then states it no longer has. */
  states: TypedReviewState[];
}

async function rows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const count = (value: unknown) => Number(value ?? 0);
const iso = (value: unknown) => (value instanceof Date ? value : new Date(String(value))).toISOString();

export async function typedReviewOf(db: Database, actor: User, scenarioId: string): Promise<TypedReview> {
  assertAuthors(actor);
  if (typeof scenarioId !== 'string' || scenarioId.length > 64) throw new RecordNotFoundError('scenario');
  const [scenario] = await db.select({ id: scenarios.id }).from(scenarios).where(eq(scenarios.id, scenarioId));
  if (!scenario) throw new RecordNotFoundError('scenario');
  const [newest] = await db
    .select({ version: scenarioVersions.version, source: scenarioVersions.source, poolId: scenarioVersions.poolId })
    .from(scenarioVersions)
    .where(eq(scenarioVersions.scenarioId, scenarioId))
    .orderBy(desc(scenarioVersions.version))
    .limit(1);
  const review: TypedReview = {
    scenarioId,
    newestVersion: newest?.version ?? null,
    takesTypedReplies: false,
    typedInModules: [],
    unsureBelow: UNSURE_BELOW,
    maxGroupsPerState: MAX_GROUPS_PER_STATE,
    states: [],
  };
  if (!newest) return review;
  const doc = JSON.parse(newest.source) as ScenarioDocument;
  review.takesTypedReplies = doc.meta.ownWords === true;
  review.typedInModules = await modulesAskingOwnWords(db, { scenarioId, poolId: newest.poolId });

  // Trainees' typed replies at any version of the scenario, with their words normalised as
  // normaliseTypedText does.
  const typed = sql`typed AS (
    SELECT t.state_name, t.understood_event AS event, t.confidence, t.created_at,
      btrim(regexp_replace(t.text, '\\s+', ' ', 'g')) AS shown,
      regexp_replace(lower(btrim(regexp_replace(t.text, '\\s+', ' ', 'g'))), '[.,!?;:…\\s]+$', '') AS normalised
    FROM typed_replies t
    JOIN attempts a ON a.id = t.attempt_id
    JOIN scenario_versions v ON v.id = a.scenario_version_id
    JOIN users u ON u.id = a.user_id
    WHERE v.scenario_id = ${scenarioId} AND u.role = 'trainee'
  )`;
  const unsure = sql`(event IS NOT NULL AND confidence < ${UNSURE_BELOW}::double precision)`;

  const totals = await rows<{ state_name: string; event: string | null; n: number; unsure: number }>(
    db,
    sql`WITH ${typed}
      SELECT state_name, event, count(*)::integer AS n, count(*) FILTER (WHERE ${unsure})::integer AS unsure
      FROM typed GROUP BY state_name, event`,
  );
  if (totals.length === 0) return review;
  const groupRows = await rows<{ state_name: string; event: string | null; text: string; n: number; last_at: unknown; groups: number }>(
    db,
    sql`WITH ${typed},
      grouped AS (
        SELECT state_name, event, normalised, count(*)::integer AS n, max(created_at) AS last_at,
          (array_agg(shown ORDER BY created_at DESC))[1] AS text
        FROM typed WHERE event IS NULL OR ${unsure}
        GROUP BY state_name, event, normalised
      ),
      ranked AS (
        SELECT *, row_number() OVER (PARTITION BY state_name ORDER BY n DESC, last_at DESC, normalised, event) AS rank,
          count(*) OVER (PARTITION BY state_name)::integer AS groups
        FROM grouped
      )
      SELECT state_name, event, text, n, last_at, groups FROM ranked WHERE rank <= ${MAX_GROUPS_PER_STATE} ORDER BY state_name, rank`,
  );

  const decisions = new Map<string, ReplyRef[]>();
  for (const [name, state] of Object.entries(doc.states)) {
    if (!isDecision(state)) continue;
    const replies: ReplyRef[] = [];
    for (const [event, value] of Object.entries(state.on)) {
      if (event === TIMEOUT_EVENT) continue;
      const meta = asList(value)[0]?.meta as { choice?: string } | undefined;
      replies.push({ event, words: meta?.choice ?? event });
    }
    decisions.set(name, replies);
  }
  const wordsOf = (state: string, event: string) => decisions.get(state)?.find((r) => r.event === event)?.words ?? null;

  const states = new Map<string, TypedReviewState>();
  const stateOf = (name: string) => {
    let entry = states.get(name);
    if (!entry) {
      entry = {
        state: name,
        inNewestVersion: decisions.has(name),
        typed: 0,
        missed: 0,
        unsure: 0,
        understood: (decisions.get(name) ?? []).map((r) => ({ ...r, count: 0 })),
        groups: [],
        groupsLeftOut: 0,
      };
      states.set(name, entry);
    }
    return entry;
  };
  for (const r of totals) {
    const entry = stateOf(r.state_name);
    const n = count(r.n);
    entry.typed += n;
    entry.unsure += count(r.unsure);
    if (r.event === null) {
      entry.missed += n;
      continue;
    }
    const choice = entry.understood.find((u) => u.event === r.event);
    if (choice) choice.count += n;
    else entry.understood.push({ event: r.event, words: wordsOf(r.state_name, r.event), count: n });
  }
  for (const r of groupRows) {
    const entry = stateOf(r.state_name);
    entry.groupsLeftOut = Math.max(0, count(r.groups) - MAX_GROUPS_PER_STATE);
    entry.groups.push({
      kind: r.event === null ? 'missed' : 'unsure',
      text: r.text,
      count: count(r.n),
      lastTypedAt: iso(r.last_at),
      understood: r.event === null ? null : { event: r.event, words: wordsOf(r.state_name, r.event) },
    });
  }
  // The newest version's decisions in its order, then the states it no longer has by name.
  const order = [...decisions.keys()];
  review.states = [...states.values()].sort((a, b) => {
    const ia = order.indexOf(a.state);
    const ib = order.indexOf(b.state);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
    return a.state < b.state ? -1 : a.state > b.state ? 1 : 0;
  });
  return review;
}
