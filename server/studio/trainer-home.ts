import 'server-only';
import { desc, eq, inArray } from 'drizzle-orm';
import { asList, isDecision, type ScenarioDocument } from '@/machines';
import type { Database } from '../db';
import { scenarioDraftRevisions, scenarioVersions, type User } from '../db/schema';
import { struggleCounts } from './analytics';
import { assertAuthors, studioList, type StudioEntry } from './authoring';

/**
 * What a trainer (or an admin, who authors too) finds on their home page: the drafts they are
 * working on, the scenarios they have written with how trainees do on them, and the steps where
 * trainees struggled most in the last week, each leading to the studio's figures for that step.
 * "Theirs" is every scenario they saved a revision of or published a version of.
 */

/** The period "this week" covers, in days back from now. */
export const STRUGGLE_DAYS = 7;
/** How many steps the home page lists under "where trainees struggle". */
export const STRUGGLES_SHOWN = 5;

export interface StruggleSpot {
  scenarioId: string;
  /** The scenario's newest published title. */
  title: string;
  state: string;
  /** The customer's first line at that step, as the newest version has it, to recognise the step by. */
  said: string | null;
  answers: number;
  critical: number;
  weak: number;
}

export interface TrainerHome {
  /** Their scenarios not archived, with a draft never published or changed since it was. */
  drafts: StudioEntry[];
  /** Their scenarios not archived, most recently edited first. */
  scenarios: StudioEntry[];
  struggles: StruggleSpot[];
  struggleDays: number;
}

/** The scenarios the person has saved a revision of or published. */
async function scenariosOf(db: Database, actor: User): Promise<Set<string>> {
  const [saved, published] = await Promise.all([
    db.selectDistinct({ id: scenarioDraftRevisions.scenarioId }).from(scenarioDraftRevisions).where(eq(scenarioDraftRevisions.savedBy, actor.id)),
    db.selectDistinct({ id: scenarioVersions.scenarioId }).from(scenarioVersions).where(eq(scenarioVersions.publishedBy, actor.id)),
  ]);
  return new Set([...saved, ...published].map((r) => r.id));
}

/** The customer's first line at a step of a document, if the step is a decision that says one. */
function firstLine(doc: ScenarioDocument, state: string): string | null {
  const step = doc.states[state];
  if (!step || !isDecision(step)) return null;
  return asList(step.meta.say)[0] ?? null;
}

export async function trainerHome(db: Database, actor: User, now = new Date()): Promise<TrainerHome> {
  assertAuthors(actor);
  const mine = await scenariosOf(db, actor);
  const scenarios = (await studioList(db, actor)).filter((entry) => mine.has(entry.scenarioId) && !entry.archived);
  const drafts = scenarios.filter((entry) => entry.publishedVersion === null || entry.unpublishedChanges);
  const published = scenarios.filter((entry) => entry.publishedVersion !== null).map((entry) => entry.scenarioId);
  const since = new Date(now.getTime() - STRUGGLE_DAYS * 24 * 3_600_000);
  const counts = await struggleCounts(db, published, since, STRUGGLES_SHOWN);

  const ids = [...new Set(counts.map((c) => c.scenarioId))];
  const newest = ids.length
    ? await db
        .selectDistinctOn([scenarioVersions.scenarioId], { scenarioId: scenarioVersions.scenarioId, title: scenarioVersions.title, source: scenarioVersions.source })
        .from(scenarioVersions)
        .where(inArray(scenarioVersions.scenarioId, ids))
        .orderBy(scenarioVersions.scenarioId, desc(scenarioVersions.version))
    : [];
  const documents = new Map(newest.map((row) => [row.scenarioId, { title: row.title, doc: JSON.parse(row.source) as ScenarioDocument }]));
  const struggles = counts.map((c): StruggleSpot => {
    const found = documents.get(c.scenarioId);
    return { ...c, title: found?.title ?? c.scenarioId, said: found ? firstLine(found.doc, c.state) : null };
  });
  return { drafts, scenarios, struggles, struggleDays: STRUGGLE_DAYS };
}
