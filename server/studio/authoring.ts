import 'server-only';
import { and, asc, desc, eq, isNull, max, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { CHANGE_NOTE_MAX, SCENARIO_TITLE_MAX } from '@/lib/authoring-limits';
import { copyTitle, freeId as firstFreeId, idFromTitle, idProblem, SCENARIO_ID_MAX } from '@/machines/scenario-id';
import { checkScenario, MAX_FILE_BYTES, PRINCIPLE_IDS, SCENARIO_FORMAT, WARNING_REASONS, type CheckMessage, type CheckWarning, type ScenarioDocument } from '@/machines';
import { hasRole, ROLES_THAT } from '../../lib/roles';
import type { Database } from '../db';
import { attempts, scenarioDraftRevisions, scenarioDrafts, scenarios, scenarioVersions, users, type DraftRevisionKind, type User } from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { newestVersions, publishVersion } from '../training/library';
import type { newScenarioBody, publishBody, restoreBody, revisionNoteBody, saveDraftBody } from './schemas';

/**
 * The authoring studio's records (docs/decisions/017-scenario-drafts.md): an authored scenario has
 * one draft, the working copy, and every save of it is a numbered revision. A save names the
 * revision it was made on; if the draft has moved on since, the save is refused and kept as a
 * "conflict" revision, so two people editing at once never overwrite each other. Publishing checks
 * the draft with the shared checker and makes an immutable version. Built-in scenarios come from
 * files in git: they are read here, and duplicated to be edited.
 */

// The services take their input as the studio's schemas (./schemas.ts) parse it: shape, types,
// trimming and lengths are checked there, at the boundary; here only what needs the records.
export type NewScenarioInput = z.output<typeof newScenarioBody>;
export type SaveDraftInput = z.output<typeof saveDraftBody>;
export type RestoreInput = z.output<typeof restoreBody>;
export type PublishInput = z.output<typeof publishBody>;
export type RevisionNoteInput = z.output<typeof revisionNoteBody>;

export interface AuthoringContext {
  now?: Date;
  address?: string | null;
}

/** Revision and version numbers are PostgreSQL integers: a larger number names no record. */
const isRecordNumber = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 2_147_483_647;

export function assertAuthors(actor: Pick<User, 'role'>): void {
  if (!hasRole(actor, ROLES_THAT.author)) throw new HttpError(403, 'forbidden', 'Your role does not allow authoring scenarios.');
}

/** Checks a document as the studio and publishing do: named after its id, against the principles that exist. */
export const checkDraftSource = (source: string, scenarioId: string) => checkScenario(source, { file: `${scenarioId}.json`, principles: PRINCIPLE_IDS, expectedId: scenarioId });

/** The text a version or draft is kept as, and exported as: two-space JSON, as the files in scenarios/. */
export const scenarioText = (doc: unknown) => JSON.stringify(doc, null, 2);

// ---- Ids ----

function checkId(id: string): void {
  const problem = idProblem(id);
  if (problem) throw new HttpError(400, 'invalid-id', `The id "${id}" is not usable: ${problem}`, { field: 'id' });
}

/** The wanted id if free, else the first of wanted-2, wanted-3… that is. */
async function freeId(db: Database, wanted: string): Promise<string> {
  const taken = await db
    .select({ id: scenarios.id })
    .from(scenarios)
    .where(sql`${scenarios.id} = ${wanted} or ${scenarios.id} like ${`${wanted}-%`}`);
  return firstFreeId(wanted, new Set(taken.map((r) => r.id)));
}

// ---- A new scenario ----

/** The blank template: the smallest scenario that passes the checker, to build on. */
export function blankScenario(id: string, title: string): ScenarioDocument {
  return {
    id,
    initial: 'opening',
    context: { mood: 0 },
    meta: {
      format: SCENARIO_FORMAT,
      title,
      summary: 'What the customer wants, in a sentence.',
      channel: 'phone',
      difficulty: 'intro',
      minutes: 5,
      passPercent: 70,
      feedback: 'immediate',
      persona: { name: 'The customer', role: 'Customer' },
      principles: ['responsiveness'],
    },
    states: {
      opening: {
        meta: { say: 'Hello, I need some help, please.' },
        on: {
          greet: {
            target: 'resolved',
            meta: { choice: 'Hello, thanks for calling. How can I help?', feedback: 'A prompt, open greeting.' },
            actions: [{ type: 'score', params: { responsiveness: 2 } }],
          },
        },
      },
      resolved: { type: 'final', meta: { outcome: 'success', summary: 'The customer got the help they came for.' } },
    },
  } as ScenarioDocument;
}

/** The checker's findings, for a 400 that lists every problem with its path. */
export class InvalidScenarioError extends HttpError {
  constructor(message: string, errors: CheckMessage[], warnings: CheckMessage[]) {
    super(400, 'invalid-scenario', message, { errors, warnings });
  }
}

/**
 * Creates an authored scenario with its first draft revision: from the blank template, as a copy
 * of any scenario's newest version (or an unpublished draft), or from an imported file, which must
 * pass the checker whole or nothing is saved.
 */
export async function createScenario(db: Database, actor: User, input: NewScenarioInput, context: AuthoringContext = {}): Promise<{ scenarioId: string; revision: number }> {
  assertAuthors(actor);
  const now = context.now ?? new Date();
  let doc: Record<string, unknown>;
  let kind: DraftRevisionKind;
  let id: string;

  if (input.mode === 'blank') {
    const title = input.title;
    if (!title) throw new HttpError(400, 'invalid-title', `The title must be 1–${SCENARIO_TITLE_MAX} characters.`, { field: 'title' });
    if (input.id) checkId(input.id);
    id = input.id ?? (await freeId(db, idFromTitle(title)));
    doc = blankScenario(id, title) as unknown as Record<string, unknown>;
    kind = 'created';
  } else if (input.mode === 'duplicate') {
    const original = await sourceToCopy(db, input.fromScenarioId, input.version);
    const parsed = JSON.parse(original.source) as Record<string, unknown> & { meta?: Record<string, unknown> };
    const title = (input.title || copyTitle(String(parsed.meta?.title ?? input.fromScenarioId))).slice(0, SCENARIO_TITLE_MAX);
    if (input.id) checkId(input.id);
    id = input.id ?? (await freeId(db, idFromTitle(title)));
    doc = { ...parsed, id, meta: { ...parsed.meta, title } };
    kind = 'duplicated';
  } else {
    const fileName = input.fileName?.trim() || 'the file';
    const result = checkScenario(input.source, { file: fileName, principles: PRINCIPLE_IDS });
    if (!result.valid || !result.document) {
      const count = result.errors.length;
      throw new InvalidScenarioError(`${fileName} is not a valid scenario: ${count} ${count === 1 ? 'problem' : 'problems'}. Nothing was saved.`, result.errors, result.warnings);
    }
    id = result.document.id;
    doc = result.document as unknown as Record<string, unknown>;
    kind = 'imported';
  }

  const source = scenarioText(doc);
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(scenarios).values({ id, origin: 'authored', createdAt: now }).onConflictDoNothing().returning({ id: scenarios.id });
    if (!created)
      throw new HttpError(
        409,
        'scenario-exists',
        input.mode === 'import'
          ? `A scenario with the id "${id}" already exists. Change the id in the file, or duplicate that scenario instead.`
          : `A scenario with the id "${id}" already exists. Choose another id; nothing was created.`,
        { field: 'id' },
      );
    await tx.insert(scenarioDrafts).values({ scenarioId: id, source, revision: 1, updatedAt: now, updatedBy: actor.id });
    await tx.insert(scenarioDraftRevisions).values({ scenarioId: id, revision: 1, kind, source, savedAt: now, savedBy: actor.id });
    return { scenarioId: id, revision: 1 };
  });
}

/** Every scenario's id, archived ones too: an id names a scenario for good, so a new one must differ from all. */
export async function takenScenarioIds(db: Database, actor: User): Promise<string[]> {
  assertAuthors(actor);
  return (await db.select({ id: scenarios.id }).from(scenarios).orderBy(asc(scenarios.id))).map((r) => r.id);
}

/** What a copy starts from: the given or newest published version, else the unpublished draft. */
async function sourceToCopy(db: Database, scenarioId: string, version?: number): Promise<{ source: string }> {
  const conditions = [eq(scenarioVersions.scenarioId, scenarioId)];
  if (version !== undefined) conditions.push(eq(scenarioVersions.version, version));
  const [published] = await db
    .select({ source: scenarioVersions.source })
    .from(scenarioVersions)
    .where(and(...conditions))
    .orderBy(desc(scenarioVersions.version))
    .limit(1);
  if (published) return published;
  if (version === undefined) {
    const [draft] = await db.select({ source: scenarioDrafts.source }).from(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, scenarioId));
    if (draft) return draft;
  }
  throw new RecordNotFoundError(version === undefined ? 'scenario' : 'version of that scenario');
}

// ---- Reading ----

export interface PublishedVersionSummary {
  version: number;
  publishedAt: Date;
  publishedBy: string | null;
  changeNote: string | null;
}

export interface DraftView {
  scenarioId: string;
  origin: 'builtin' | 'authored';
  archived: boolean;
  /** Built-in scenarios are edited in git; the studio shows them and copies them. */
  readOnly: boolean;
  source: string;
  /** The draft's revision (0 for a built-in scenario, which has none). */
  revision: number;
  updatedAt: Date;
  updatedBy: string | null;
  versions: PublishedVersionSummary[];
}

async function scenarioRow(db: Database, scenarioId: string) {
  if (typeof scenarioId !== 'string' || scenarioId.length > SCENARIO_ID_MAX) throw new RecordNotFoundError('scenario');
  const [row] = await db.select().from(scenarios).where(eq(scenarios.id, scenarioId));
  if (!row) throw new RecordNotFoundError('scenario');
  return row;
}

export async function publishedVersions(db: Database, scenarioId: string): Promise<PublishedVersionSummary[]> {
  return db
    .select({ version: scenarioVersions.version, publishedAt: scenarioVersions.publishedAt, publishedBy: users.name, changeNote: scenarioVersions.changeNote })
    .from(scenarioVersions)
    .leftJoin(users, eq(users.id, scenarioVersions.publishedBy))
    .where(eq(scenarioVersions.scenarioId, scenarioId))
    .orderBy(desc(scenarioVersions.version));
}

/** The draft to edit, with the scenario's published versions; a built-in scenario read-only at its newest version. */
export async function readDraft(db: Database, actor: User, scenarioId: string): Promise<DraftView> {
  assertAuthors(actor);
  const scenario = await scenarioRow(db, scenarioId);
  const versions = await publishedVersions(db, scenarioId);
  const [draft] = await db
    .select({ draft: scenarioDrafts, name: users.name })
    .from(scenarioDrafts)
    .innerJoin(users, eq(users.id, scenarioDrafts.updatedBy))
    .where(eq(scenarioDrafts.scenarioId, scenarioId));
  const base = { scenarioId, origin: scenario.origin, archived: scenario.archivedAt !== null, versions };
  if (draft) return { ...base, readOnly: false, source: draft.draft.source, revision: draft.draft.revision, updatedAt: draft.draft.updatedAt, updatedBy: draft.name };
  const [newest] = await db
    .select({ source: scenarioVersions.source, publishedAt: scenarioVersions.publishedAt })
    .from(scenarioVersions)
    .where(eq(scenarioVersions.scenarioId, scenarioId))
    .orderBy(desc(scenarioVersions.version))
    .limit(1);
  if (!newest) throw new RecordNotFoundError('scenario');
  return { ...base, readOnly: true, source: newest.source, revision: 0, updatedAt: newest.publishedAt, updatedBy: versions[0]?.publishedBy ?? null };
}

// ---- Saving ----

export type SaveOutcome =
  | { status: 'saved'; revision: number; savedAt: Date }
  | { status: 'unchanged'; revision: number; savedAt: Date }
  | { status: 'conflict'; keptAs: number; current: { revision: number; source: string; updatedAt: Date; updatedBy: string } };

/** A draft's text must be a JSON object of at most 1 MB; whether it is a valid scenario is the checker's business. */
function checkDraftText(source: string): string {
  const bytes = new TextEncoder().encode(source).length;
  if (bytes > MAX_FILE_BYTES) throw new HttpError(413, 'too-large', `The scenario is ${bytes} bytes; at most ${MAX_FILE_BYTES} (1 MB) is allowed.`, { field: 'source' });
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw new HttpError(400, 'invalid-draft', `The scenario is not valid JSON: ${(error as Error).message}`, { field: 'source' });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'invalid-draft', 'The scenario must be a JSON object.', { field: 'source' });
  return source;
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

async function lockedDraft(tx: Transaction, scenarioId: string) {
  const scenario = await scenarioRow(tx, scenarioId);
  const [draft] = await tx.select().from(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, scenarioId)).for('update');
  if (!draft) {
    if (scenario.origin === 'builtin') throw new HttpError(409, 'read-only', 'Built-in scenarios are edited as files in git. Duplicate this one to change it here.');
    throw new RecordNotFoundError('scenario');
  }
  return draft;
}

async function nextRevision(tx: Transaction, scenarioId: string): Promise<number> {
  const [row] = await tx
    .select({ n: max(scenarioDraftRevisions.revision) })
    .from(scenarioDraftRevisions)
    .where(eq(scenarioDraftRevisions.scenarioId, scenarioId));
  return (row?.n ?? 0) + 1;
}

async function writeRevision(
  db: Database,
  actor: User,
  scenarioId: string,
  input: { source: string; baseRevision: number },
  kind: 'saved' | 'restored',
  basedOn: number,
  now: Date,
): Promise<SaveOutcome> {
  return db.transaction(async (tx) => {
    const draft = await lockedDraft(tx, scenarioId);
    if (input.baseRevision !== draft.revision) {
      // The draft moved on: keep this save as its own revision, change nothing else.
      const keptAs = await nextRevision(tx, scenarioId);
      await tx
        .insert(scenarioDraftRevisions)
        .values({ scenarioId, revision: keptAs, kind: 'conflict', source: input.source, basedOn: input.baseRevision, savedAt: now, savedBy: actor.id });
      const [editor] = await tx.select({ name: users.name }).from(users).where(eq(users.id, draft.updatedBy));
      return { status: 'conflict', keptAs, current: { revision: draft.revision, source: draft.source, updatedAt: draft.updatedAt, updatedBy: editor?.name ?? 'someone' } };
    }
    if (input.source === draft.source) return { status: 'unchanged', revision: draft.revision, savedAt: draft.updatedAt };
    const revision = await nextRevision(tx, scenarioId);
    await tx.insert(scenarioDraftRevisions).values({ scenarioId, revision, kind, source: input.source, basedOn, savedAt: now, savedBy: actor.id });
    await tx.update(scenarioDrafts).set({ source: input.source, revision, updatedAt: now, updatedBy: actor.id }).where(eq(scenarioDrafts.scenarioId, scenarioId));
    return { status: 'saved', revision, savedAt: now };
  });
}

/**
 * Saves the draft as a new revision, if it was edited from the current one; otherwise keeps the
 * save as a conflict revision and answers with the current draft.
 */
export async function saveDraft(db: Database, actor: User, scenarioId: string, input: SaveDraftInput, context: AuthoringContext = {}): Promise<SaveOutcome> {
  assertAuthors(actor);
  const source = checkDraftText(input.source);
  return writeRevision(db, actor, scenarioId, { source, baseRevision: input.baseRevision }, 'saved', input.baseRevision, context.now ?? new Date());
}

/** A published version as its revision lists it: what the publisher said, and the attempts pinned to it. */
export interface RevisionPublication {
  version: number;
  changeNote: string | null;
  /** Attempts started on this version: each finishes on it whatever is published later. */
  attempts: number;
  /** The newest version: the one new attempts start on. */
  newest: boolean;
}

export interface RevisionSummary {
  revision: number;
  kind: DraftRevisionKind;
  basedOn: number | null;
  /** What changed, in the saver's words; the change note once it is published. */
  note: string | null;
  savedAt: Date;
  savedBy: string;
  current: boolean;
  /** The versions this revision was published as (more than one when published again after a change back). */
  published: RevisionPublication[];
}

/** What a revision is listed with: who saved it, when, how it came about and what the saver said of it. */
const REVISION_FIELDS = {
  revision: scenarioDraftRevisions.revision,
  kind: scenarioDraftRevisions.kind,
  basedOn: scenarioDraftRevisions.basedOn,
  note: scenarioDraftRevisions.note,
  savedAt: scenarioDraftRevisions.savedAt,
  savedBy: users.name,
};

/** The scenario's versions published from a draft revision, by that revision, with the attempts on each. */
async function publicationsByRevision(db: Database, scenarioId: string): Promise<Map<number, RevisionPublication[]>> {
  const versions = await db
    .select({
      version: scenarioVersions.version,
      draftRevision: scenarioVersions.draftRevision,
      changeNote: scenarioVersions.changeNote,
      attempts: sql<number>`count(${attempts.id})`.mapWith(Number),
    })
    .from(scenarioVersions)
    .leftJoin(attempts, eq(attempts.scenarioVersionId, scenarioVersions.id))
    .where(eq(scenarioVersions.scenarioId, scenarioId))
    .groupBy(scenarioVersions.id)
    .orderBy(desc(scenarioVersions.version));
  const newest = versions[0]?.version;
  const byRevision = new Map<number, RevisionPublication[]>();
  for (const v of versions) {
    if (v.draftRevision === null) continue;
    const list = byRevision.get(v.draftRevision) ?? [];
    list.push({ version: v.version, changeNote: v.changeNote, attempts: v.attempts, newest: v.version === newest });
    byRevision.set(v.draftRevision, list);
  }
  return byRevision;
}

/** The draft's revisions, newest first. */
export async function listRevisions(db: Database, actor: User, scenarioId: string, limit = 200): Promise<RevisionSummary[]> {
  assertAuthors(actor);
  await scenarioRow(db, scenarioId);
  const [draft] = await db.select({ revision: scenarioDrafts.revision }).from(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, scenarioId));
  const rows = await db
    .select(REVISION_FIELDS)
    .from(scenarioDraftRevisions)
    .innerJoin(users, eq(users.id, scenarioDraftRevisions.savedBy))
    .where(eq(scenarioDraftRevisions.scenarioId, scenarioId))
    .orderBy(desc(scenarioDraftRevisions.revision))
    .limit(limit);
  const published = await publicationsByRevision(db, scenarioId);
  return rows.map((r) => ({ ...r, current: r.revision === draft?.revision, published: published.get(r.revision) ?? [] }));
}

export async function readRevision(db: Database, actor: User, scenarioId: string, revision: number): Promise<RevisionSummary & { source: string }> {
  assertAuthors(actor);
  if (!isRecordNumber(revision)) throw new RecordNotFoundError('revision');
  const [draft] = await db.select({ revision: scenarioDrafts.revision }).from(scenarioDrafts).where(eq(scenarioDrafts.scenarioId, scenarioId));
  const [row] = await db
    .select({ ...REVISION_FIELDS, source: scenarioDraftRevisions.source })
    .from(scenarioDraftRevisions)
    .innerJoin(users, eq(users.id, scenarioDraftRevisions.savedBy))
    .where(and(eq(scenarioDraftRevisions.scenarioId, scenarioId), eq(scenarioDraftRevisions.revision, revision)));
  if (!row) throw new RecordNotFoundError('revision');
  const published = await publicationsByRevision(db, scenarioId);
  return { ...row, current: row.revision === draft?.revision, published: published.get(row.revision) ?? [] };
}

/**
 * Writes, changes or clears (an empty note) what a revision's note says. Any revision can carry
 * one: autosave makes revisions as the trainer types, so the note is written when there is
 * something worth saying, not at every save.
 */
export async function setRevisionNote(db: Database, actor: User, scenarioId: string, revision: number, input: RevisionNoteInput): Promise<RevisionSummary> {
  await readRevision(db, actor, scenarioId, revision);
  await db
    .update(scenarioDraftRevisions)
    .set({ note: input.note || null })
    .where(and(eq(scenarioDraftRevisions.scenarioId, scenarioId), eq(scenarioDraftRevisions.revision, revision)));
  const { source: _source, ...summary } = await readRevision(db, actor, scenarioId, revision);
  return summary;
}

/** Makes an earlier revision (a conflict copy too) the draft again, as a new revision. */
export async function restoreRevision(db: Database, actor: User, scenarioId: string, revision: number, input: RestoreInput, context: AuthoringContext = {}): Promise<SaveOutcome> {
  const earlier = await readRevision(db, actor, scenarioId, revision);
  return writeRevision(db, actor, scenarioId, { source: earlier.source, baseRevision: input.baseRevision }, 'restored', revision, context.now ?? new Date());
}

// ---- Publishing ----

/** A design warning as publishing reports it: with why it matters, for the trainer to judge. */
export interface PublishWarning extends CheckWarning {
  reason: string;
}

/**
 * 409: the draft is valid but has design warnings the request did not confirm. Nothing is
 * published; the same request with `acknowledgeWarnings: true` publishes it.
 */
export class UnacknowledgedWarningsError extends HttpError {
  constructor(warnings: readonly CheckWarning[]) {
    const count = warnings.length;
    super(
      409,
      'unacknowledged-warnings',
      `The draft has ${count} ${count === 1 ? 'warning' : 'warnings'}. Nothing was published: look at ${count === 1 ? 'it' : 'them'}, then confirm to publish anyway.`,
      { warnings: warnings.map((w): PublishWarning => ({ code: w.code, path: w.path, message: w.message, reason: WARNING_REASONS[w.code] })) },
    );
  }
}

/**
 * Publishes the draft as the scenario's next version: only the revision the author checked, only
 * without errors, with a change note, and with any design warnings confirmed (a valid scenario may
 * still teach badly, so the trainer says they have looked). New attempts use it; attempts already
 * started finish on their own version.
 */
export async function publishDraft(db: Database, actor: User, scenarioId: string, input: PublishInput): Promise<{ version: number; created: boolean }> {
  assertAuthors(actor);
  const { changeNote } = input;
  if (!changeNote) throw new HttpError(400, 'invalid-change-note', `Say what changed in a note of 1–${CHANGE_NOTE_MAX} characters.`, { field: 'changeNote' });
  return db.transaction(async (tx) => {
    const draft = await lockedDraft(tx, scenarioId);
    if (draft.revision !== input.revision) {
      throw new HttpError(409, 'draft-changed', `The draft is at revision ${draft.revision} now, not ${input.revision}: look at the newer one before publishing it.`, {
        revision: draft.revision,
      });
    }
    const result = checkDraftSource(draft.source, scenarioId);
    if (!result.valid || !result.document) {
      const count = result.errors.length;
      throw new InvalidScenarioError(`The draft has ${count} ${count === 1 ? 'error' : 'errors'} to fix before it can be published.`, result.errors, result.warnings);
    }
    if (result.warnings.length > 0 && input.acknowledgeWarnings !== true) throw new UnacknowledgedWarningsError(result.warnings);
    const published = await publishVersion(tx as unknown as Database, result.document, scenarioText(result.document), 'authored', {
      userId: actor.id,
      changeNote,
      draftRevision: draft.revision,
      confirmedWarnings: result.warnings.map((w) => w.code),
    });
    // The change note becomes the note of the revision published, unless it already has one of its own.
    if (published.created) {
      await tx
        .update(scenarioDraftRevisions)
        .set({ note: changeNote })
        .where(and(eq(scenarioDraftRevisions.scenarioId, scenarioId), eq(scenarioDraftRevisions.revision, draft.revision), isNull(scenarioDraftRevisions.note)));
    }
    return published;
  });
}

/** A published version as a file, exactly as kept: the same format as the files in scenarios/. */
export async function versionFile(db: Database, actor: User, scenarioId: string, version: number): Promise<{ fileName: string; text: string }> {
  assertAuthors(actor);
  if (!isRecordNumber(version)) throw new RecordNotFoundError('version of that scenario');
  const [row] = await db
    .select({ source: scenarioVersions.source })
    .from(scenarioVersions)
    .where(and(eq(scenarioVersions.scenarioId, scenarioId), eq(scenarioVersions.version, version)));
  if (!row) throw new RecordNotFoundError('version of that scenario');
  return { fileName: `${scenarioId}.json`, text: row.source.endsWith('\n') ? row.source : `${row.source}\n` };
}

// ---- The studio's list ----

export interface StudioEntry {
  scenarioId: string;
  title: string;
  origin: 'builtin' | 'authored';
  archived: boolean;
  /** The newest published version, or null for a draft never published. */
  publishedVersion: number | null;
  /** The draft differs from the newest published version. */
  unpublishedChanges: boolean;
  lastEditAt: Date;
  lastEditBy: string | null;
  attempts: number;
  completedAttempts: number;
  /** Share of finished attempts passed, 0–1; null with none finished. */
  passRate: number | null;
}

const titleOf = (source: string, fallback: string): string => {
  try {
    const title = (JSON.parse(source) as { meta?: { title?: unknown } }).meta?.title;
    return typeof title === 'string' && title.trim() ? title : fallback;
  } catch {
    return fallback;
  }
};

/** Every scenario, built-in and authored, with its status, last edit and how trainees do on it. */
export async function studioList(db: Database, actor: User): Promise<StudioEntry[]> {
  assertAuthors(actor);
  const all = await db.select().from(scenarios).orderBy(asc(scenarios.id));
  const newest = await newestVersions(
    db,
    {
      scenarioId: scenarioVersions.scenarioId,
      version: scenarioVersions.version,
      title: scenarioVersions.title,
      source: scenarioVersions.source,
      publishedAt: scenarioVersions.publishedAt,
      publishedBy: sql<string | null>`(select ${users.name} from ${users} where ${users.id} = ${scenarioVersions.publishedBy})`,
    },
    { archived: true },
  );
  const drafts = await db
    .select({ scenarioId: scenarioDrafts.scenarioId, source: scenarioDrafts.source, updatedAt: scenarioDrafts.updatedAt, updatedBy: users.name })
    .from(scenarioDrafts)
    .innerJoin(users, eq(users.id, scenarioDrafts.updatedBy));
  const results = await db
    .select({
      scenarioId: scenarioVersions.scenarioId,
      attempts: sql<number>`count(*)`.mapWith(Number),
      completed: sql<number>`count(*) filter (where ${attempts.status} = 'completed')`.mapWith(Number),
      passed: sql<number>`count(*) filter (where ${attempts.passed})`.mapWith(Number),
    })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .groupBy(scenarioVersions.scenarioId);
  const newestOf = new Map(newest.map((v) => [v.scenarioId, v]));
  const draftOf = new Map(drafts.map((d) => [d.scenarioId, d]));
  const resultsOf = new Map(results.map((r) => [r.scenarioId, r]));

  return all
    .map((scenario): StudioEntry => {
      const version = newestOf.get(scenario.id);
      const draft = draftOf.get(scenario.id);
      const counts = resultsOf.get(scenario.id);
      const sameAsPublished = (() => {
        if (!draft || !version) return true;
        try {
          return JSON.stringify(JSON.parse(draft.source)) === JSON.stringify(JSON.parse(version.source));
        } catch {
          return false;
        }
      })();
      return {
        scenarioId: scenario.id,
        title: draft ? titleOf(draft.source, version?.title ?? scenario.id) : (version?.title ?? scenario.id),
        origin: scenario.origin,
        archived: scenario.archivedAt !== null,
        publishedVersion: version?.version ?? null,
        unpublishedChanges: Boolean(draft && version && !sameAsPublished),
        lastEditAt: draft?.updatedAt ?? version?.publishedAt ?? scenario.createdAt,
        lastEditBy: draft ? draft.updatedBy : (version?.publishedBy ?? null),
        attempts: counts?.attempts ?? 0,
        completedAttempts: counts?.completed ?? 0,
        passRate: counts?.completed ? counts.passed / counts.completed : null,
      };
    })
    .sort((a, b) => Number(a.archived) - Number(b.archived) || b.lastEditAt.getTime() - a.lastEditAt.getTime());
}
