import 'server-only';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from './audit';
import type { Database } from '../db';
import {
  assignmentRules,
  assignments,
  attemptEvents,
  attemptTimeModeChanges,
  attempts,
  auditLog,
  lrsDeliveries,
  modules,
  moduleVersions,
  passwordLinks,
  principleTotals,
  scenarioDraftRevisions,
  scenarioDrafts,
  scenarios,
  scenarioVersions,
  signInFailures,
  users,
  type Attempt,
  type AttemptEvent,
  type AttemptTimeModeChange,
  type AuditEntry,
  type LrsDelivery,
  type PrincipleTotal,
  type User,
} from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { isUuid } from '@/lib/uuid';

/**
 * Export, anonymisation and erasure of one person (docs/decisions/012-privacy-export-and-erasure.md).
 * PERSONAL_DATA names every table that holds data about a person and how each of the three covers
 * it; server/people/privacy.test.ts reads the database's own catalogue and fails when a table is missing.
 */

export const PERSON_EXPORT_FORMAT = 'frontline.person-export/1';

/** What finds a person's rows: their id, and the email sign-in failures were recorded under. */
export interface PersonKeys {
  id: string;
  email: string;
}

// ---- Recognising a person's email and name in free text ----

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The email as a whole address: not the tail of a longer one (tom@x.test inside atom@x.test) nor
 * the start of a longer domain (tom@x.test.example). The same pattern works in JavaScript and in
 * PostgreSQL's regular expressions (which have lookbehind since 9.6).
 */
const emailPattern = (email: string) => `(?<![a-z0-9._%+-])${escapeRegExp(email)}(?![a-z0-9-]|\\.[a-z0-9])`;

/** The name as whole words, and not part of an email: "Ann" is not found in "Annual" nor in ann.lee@x.test. */
const namePattern = (name: string) => `(?<![\\p{L}\\p{N}@._+-])${escapeRegExp(name.trim())}(?![\\p{L}\\p{N}@_-]|\\.[\\p{L}\\p{N}])`;

/** Rows of the audit log about the person: they acted, were acted on, or their email was typed or listed. */
const auditAbout = (p: PersonKeys): SQL =>
  sql`(${auditLog.actorId} = ${p.id} or ${auditLog.targetUserId} = ${p.id} or ${auditLog.subject} ~* ${emailPattern(p.email)} or ${auditLog.details}::text ~* ${emailPattern(p.email)})`;

// ---- The export document ----

type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

function withIsoDates<T extends object>(row: T): Jsonified<T> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])) as Jsonified<T>;
}

export interface PersonExport {
  format: typeof PERSON_EXPORT_FORMAT;
  exportedAt: string;
  /** For each table holding data about a person: where its rows are in this document. */
  contents: Record<string, string>;
  person: Jsonified<Omit<User, 'passwordHash'>> & { hasPassword: boolean };
  attempts: (Jsonified<Attempt> & {
    scenario: { id: string; version: number; title: string };
    events: Jsonified<AttemptEvent>[];
    timeModeChanges: Jsonified<AttemptTimeModeChange>[];
  })[];
  /** Links to set a password, without the token (only its hash is kept, and that is left out too). */
  passwordLinks: Jsonified<{ id: string; purpose: string; createdBy: string | null; createdAt: Date; expiresAt: Date; usedAt: Date | null }>[];
  /** Failed sign-ins counted against the person's email, for throttling. */
  signInFailures: { id: string; at: string }[];
  /** Audit entries where the person acted or was acted on, or that name their email. */
  auditEntries: Jsonified<AuditEntry>[];
  publishedScenarioVersions: Jsonified<{ id: string; scenarioId: string; version: number; title: string; publishedAt: Date; changeNote: string | null; contentHash: string }>[];
  /** Training modules assigned to the person, with the version they hold. */
  assignments: (Jsonified<typeof assignments.$inferSelect> & { module: { id: string; version: number; title: string } })[];
  /** Rules that name the person, or that they made or removed. */
  assignmentRules: Jsonified<typeof assignmentRules.$inferSelect>[];
  archivedScenarios: Jsonified<{ id: string; archivedAt: Date | null }>[];
  /** Drafts they saved last, and every draft revision they saved, with the text. */
  scenarioDrafts: Jsonified<{ scenarioId: string; revision: number; updatedAt: Date; source: string }>[];
  scenarioDraftRevisions: Jsonified<{ scenarioId: string; revision: number; kind: string; savedAt: Date; source: string }>[];
  /** Running totals per principle over their finished attempts. */
  principleTotals: PrincipleTotal[];
  /** Their attempts sent to the Learning Record Store. */
  lrsDeliveries: Jsonified<LrsDelivery>[];
  createdModules: Jsonified<typeof modules.$inferSelect>[];
  createdModuleVersions: Jsonified<{ id: string; moduleId: string; version: number; title: string; createdAt: Date }>[];
}

// ---- The registry ----

export interface PersonalDataCoverage {
  /** What the table holds about a person. */
  holds: string;
  /**
   * Every column that links a row to a person or can hold a person's details, and what it means.
   * The coverage test requires each column it detects to be listed here.
   */
  columns: Record<string, string>;
  /** The rows about the person, as a condition on the table. */
  about: (person: PersonKeys) => SQL;
  /** Where the export puts them. */
  exportedAs: string;
  exported: (document: PersonExport) => readonly unknown[];
  anonymise: string;
  erase: string;
}

export const PERSONAL_DATA: Record<string, PersonalDataCoverage> = {
  users: {
    holds: 'The account: name, email, role, team, start date, password hash, preferences, sign-in times.',
    columns: { email: 'their email', name: 'their name' },
    about: (p) => sql`${users.id} = ${p.id}`,
    exportedAs: 'person',
    exported: (d) => [d.person],
    anonymise:
      'Kept as a row so training records keep their shape: name and email replaced by placeholders, start date cut to the month, team, role and time-limit preference kept for statistics; password, sessions and last sign-in removed; marked inactive and anonymised.',
    erase: 'As anonymise: the row stays, without identity, so audit entries about it still have a subject.',
  },
  attempts: {
    holds: 'Every scenario the person started: result, scores, where they stopped.',
    columns: { user_id: 'whose attempt it is', scenario_version_id: 'not personal: the scenario played', state_name: 'not personal: a state of the scenario' },
    about: (p) => sql`${attempts.userId} = ${p.id}`,
    exportedAs: 'attempts[]',
    exported: (d) => d.attempts,
    anonymise: 'Kept: they belong to the anonymised row and count in statistics, but name nobody.',
    erase: 'Deleted.',
  },
  attempt_events: {
    holds: 'Each choice the person made in an attempt, with points and time taken.',
    columns: { attempt_id: 'the attempt it belongs to, and through it the person' },
    about: (p) => sql`${attemptEvents.attemptId} in (select ${attempts.id} from ${attempts} where ${attempts.userId} = ${p.id})`,
    exportedAs: 'attempts[].events[]',
    exported: (d) => d.attempts.flatMap((a) => a.events),
    anonymise: 'Kept with their attempts.',
    erase: 'Deleted, with their attempts.',
  },
  attempt_time_mode_changes: {
    holds: 'Each change of time limits the person made during an attempt: when, at which decision, from what to what.',
    columns: { attempt_id: 'the attempt it belongs to, and through it the person' },
    about: (p) => sql`${attemptTimeModeChanges.attemptId} in (select ${attempts.id} from ${attempts} where ${attempts.userId} = ${p.id})`,
    exportedAs: 'attempts[].timeModeChanges[]',
    exported: (d) => d.attempts.flatMap((a) => a.timeModeChanges),
    anonymise: 'Kept with their attempts.',
    erase: 'Deleted, with their attempts.',
  },
  password_links: {
    holds: 'Links sent to the person to set a password (a hash of the token, when made, used and expiring).',
    columns: {
      user_id: 'whose password the link sets',
      created_by: 'who made the link: for links the person made for others, that other person’s record, kept pointing at the anonymised row',
    },
    about: (p) => sql`${passwordLinks.userId} = ${p.id}`,
    exportedAs: 'passwordLinks[]',
    exported: (d) => d.passwordLinks,
    anonymise: 'Their links are deleted: a link could set a password on the anonymised account.',
    erase: 'Deleted.',
  },
  sign_in_failures: {
    holds: 'Failed sign-ins counted against an email typed (kind "account") or a client address (kind "address"), for throttling.',
    columns: { key: 'the email typed (kind "account"), lower-case; or a client address (kind "address"), which names no one' },
    about: (p) => sql`${signInFailures.kind} = 'account' and lower(${signInFailures.key}) = ${p.email}`,
    exportedAs: 'signInFailures[]',
    exported: (d) => d.signInFailures,
    anonymise: 'Those under their email are deleted.',
    erase: 'Deleted.',
  },
  audit_log: {
    holds: 'Who did what and when: the person’s own sign-ins and actions, what others did to their account, emails typed at sign-in.',
    columns: {
      actor_id: 'who acted',
      target_user_id: 'who was acted on',
      address: 'the client address of the request',
    },
    about: auditAbout,
    exportedAs: 'auditEntries[]',
    exported: (d) => d.auditEntries,
    anonymise:
      'Kept, because the log must still show what happened; their email and name are replaced by the placeholders in the subject and details, and the address is removed from entries they made and from failed sign-ins with their email.',
    erase: 'As anonymise, plus a person-erased entry with the counts of what was deleted.',
  },
  scenario_versions: {
    holds: 'Scenario versions the person published.',
    columns: { published_by: 'who published the version' },
    about: (p) => sql`${scenarioVersions.publishedBy} = ${p.id}`,
    exportedAs: 'publishedScenarioVersions[]',
    exported: (d) => d.publishedScenarioVersions,
    anonymise:
      'Kept: the scenario is the organisation’s work and attempts are pinned to it; the publisher is the anonymised row, and their name or email in a change note is replaced.',
    erase: 'As anonymise: other people’s attempts are pinned to these versions.',
  },
  assignments: {
    holds: 'Training modules assigned to the person: when, due when, completed when, unassigned when.',
    columns: {
      user_id: 'who holds the module',
      rule_id: 'not personal: the rule it was assigned by',
      module_version_id: 'not personal: the module version held',
    },
    about: (p) => sql`${assignments.userId} = ${p.id}`,
    exportedAs: 'assignments[]',
    exported: (d) => d.assignments,
    anonymise: 'Kept: they belong to the anonymised row and count in completion statistics, but name nobody.',
    erase: 'Deleted.',
  },
  assignment_rules: {
    holds: 'Rules assigning modules: those naming the person (kind "person") and those the person made or removed.',
    columns: {
      user_id: 'the person a person rule assigns to',
      created_by: 'who made the rule',
      removed_by: 'who ended the rule',
      module_id: 'not personal: the module assigned',
    },
    about: (p) => sql`(${assignmentRules.userId} = ${p.id} or ${assignmentRules.createdBy} = ${p.id} or ${assignmentRules.removedBy} = ${p.id})`,
    exportedAs: 'assignmentRules[]',
    exported: (d) => d.assignmentRules,
    anonymise: 'Kept: they are the organisation’s record of who was asked to train; they point at the anonymised row.',
    erase: 'As anonymise: other people’s assignments come from rules the person made; the person’s own assignments are deleted.',
  },
  scenarios: {
    holds: 'Scenarios the person archived.',
    columns: { archived_by: 'who archived the scenario' },
    about: (p) => sql`${scenarios.archivedBy} = ${p.id}`,
    exportedAs: 'archivedScenarios[]',
    exported: (d) => d.archivedScenarios,
    anonymise: 'Kept: the scenario is the organisation’s work; the archiver is the anonymised row.',
    erase: 'As anonymise.',
  },
  scenario_drafts: {
    holds: 'Scenario drafts whose latest save is the person’s.',
    columns: { updated_by: 'who saved the draft last', scenario_id: 'not personal: the scenario' },
    about: (p) => sql`${scenarioDrafts.updatedBy} = ${p.id}`,
    exportedAs: 'scenarioDrafts[]',
    exported: (d) => d.scenarioDrafts,
    anonymise: 'Kept: drafts are the organisation’s work; the editor is the anonymised row, and their name or email in the text is replaced.',
    erase: 'As anonymise.',
  },
  scenario_draft_revisions: {
    holds: 'Every save of a scenario draft the person made, with its content.',
    columns: { saved_by: 'who saved the revision', scenario_id: 'not personal: the scenario' },
    about: (p) => sql`${scenarioDraftRevisions.savedBy} = ${p.id}`,
    exportedAs: 'scenarioDraftRevisions[]',
    exported: (d) => d.scenarioDraftRevisions,
    anonymise: 'Kept, as drafts are; the author is the anonymised row, and their name or email in the text is replaced.',
    erase: 'As anonymise.',
  },
  principle_totals: {
    holds: 'Running totals of the person’s scores per principle over their finished attempts, for team reports.',
    columns: { user_id: 'whose scores they are' },
    about: (p) => sql`${principleTotals.userId} = ${p.id}`,
    exportedAs: 'principleTotals[]',
    exported: (d) => d.principleTotals,
    anonymise: 'Kept with their attempts: they count in team statistics but name nobody.',
    erase: 'Deleted, with their attempts.',
  },
  lrs_deliveries: {
    holds: 'Which of the person’s attempts were sent to the Learning Record Store, when, and with which statement ids.',
    columns: { attempt_id: 'the attempt sent, and through it the person' },
    about: (p) => sql`${lrsDeliveries.attemptId} in (select ${attempts.id} from ${attempts} where ${attempts.userId} = ${p.id})`,
    exportedAs: 'lrsDeliveries[]',
    exported: (d) => d.lrsDeliveries,
    anonymise: 'Kept with their attempts.',
    erase: 'Deleted, with their attempts. Statements already sent stay in the Learning Record Store: erase them there as well.',
  },
  modules: {
    holds: 'Training modules the person created.',
    columns: { created_by: 'who created the module' },
    about: (p) => sql`${modules.createdBy} = ${p.id}`,
    exportedAs: 'createdModules[]',
    exported: (d) => d.createdModules,
    anonymise: 'Kept: the module is the organisation’s work and people are assigned to it; the creator is the anonymised row.',
    erase: 'As anonymise.',
  },
  module_versions: {
    holds: 'Versions of training modules the person saved.',
    columns: { created_by: 'who saved the version', module_id: 'not personal: the module it is a version of' },
    about: (p) => sql`${moduleVersions.createdBy} = ${p.id}`,
    exportedAs: 'createdModuleVersions[]',
    exported: (d) => d.createdModuleVersions,
    anonymise: 'Kept, like published scenario versions: other people’s assignments are pinned to them; the author is the anonymised row.',
    erase: 'As anonymise.',
  },
};

// ---- Export ----

/** Everything held about one person, as one JSON document. Reads only. */
export async function exportPerson(db: Database, userId: string, now = new Date()): Promise<PersonExport> {
  const user = await personById(db, userId);
  const keys = { id: user.id, email: user.email };
  const { passwordHash, ...account } = user;

  const attemptRows = await db
    .select({ attempt: attempts, scenario: { id: scenarioVersions.scenarioId, version: scenarioVersions.version, title: scenarioVersions.title } })
    .from(attempts)
    .innerJoin(scenarioVersions, eq(scenarioVersions.id, attempts.scenarioVersionId))
    .where(PERSONAL_DATA.attempts!.about(keys))
    .orderBy(asc(attempts.startedAt), asc(attempts.id));
  const events = await db.select().from(attemptEvents).where(PERSONAL_DATA.attempt_events!.about(keys)).orderBy(asc(attemptEvents.attemptId), asc(attemptEvents.seq));
  const eventsOf = new Map<string, AttemptEvent[]>();
  for (const event of events) eventsOf.set(event.attemptId, [...(eventsOf.get(event.attemptId) ?? []), event]);
  const changes = await db
    .select()
    .from(attemptTimeModeChanges)
    .where(PERSONAL_DATA.attempt_time_mode_changes!.about(keys))
    .orderBy(asc(attemptTimeModeChanges.attemptId), asc(attemptTimeModeChanges.changedAt));
  const changesOf = new Map<string, AttemptTimeModeChange[]>();
  for (const change of changes) changesOf.set(change.attemptId, [...(changesOf.get(change.attemptId) ?? []), change]);

  const links = await db
    .select({
      id: passwordLinks.id,
      purpose: passwordLinks.purpose,
      createdBy: passwordLinks.createdBy,
      createdAt: passwordLinks.createdAt,
      expiresAt: passwordLinks.expiresAt,
      usedAt: passwordLinks.usedAt,
    })
    .from(passwordLinks)
    .where(PERSONAL_DATA.password_links!.about(keys))
    .orderBy(asc(passwordLinks.createdAt));
  const failures = await db
    .select({ id: signInFailures.id, at: signInFailures.at })
    .from(signInFailures)
    .where(PERSONAL_DATA.sign_in_failures!.about(keys))
    .orderBy(asc(signInFailures.at));
  const audit = await db.select().from(auditLog).where(auditAbout(keys)).orderBy(asc(auditLog.at), asc(auditLog.id));
  const versions = await db
    .select({
      id: scenarioVersions.id,
      scenarioId: scenarioVersions.scenarioId,
      version: scenarioVersions.version,
      title: scenarioVersions.title,
      publishedAt: scenarioVersions.publishedAt,
      changeNote: scenarioVersions.changeNote,
      contentHash: scenarioVersions.contentHash,
    })
    .from(scenarioVersions)
    .where(PERSONAL_DATA.scenario_versions!.about(keys))
    .orderBy(asc(scenarioVersions.publishedAt));

  const assignmentRows = await db
    .select({ assignment: assignments, module: { id: moduleVersions.moduleId, version: moduleVersions.version, title: moduleVersions.title } })
    .from(assignments)
    .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId))
    .where(PERSONAL_DATA.assignments!.about(keys))
    .orderBy(asc(assignments.assignedAt), asc(assignments.id));
  const rules = await db.select().from(assignmentRules).where(PERSONAL_DATA.assignment_rules!.about(keys)).orderBy(asc(assignmentRules.createdAt), asc(assignmentRules.id));
  const archived = await db.select({ id: scenarios.id, archivedAt: scenarios.archivedAt }).from(scenarios).where(PERSONAL_DATA.scenarios!.about(keys)).orderBy(asc(scenarios.id));
  const drafts = await db
    .select({ scenarioId: scenarioDrafts.scenarioId, revision: scenarioDrafts.revision, updatedAt: scenarioDrafts.updatedAt, source: scenarioDrafts.source })
    .from(scenarioDrafts)
    .where(PERSONAL_DATA.scenario_drafts!.about(keys))
    .orderBy(asc(scenarioDrafts.scenarioId));
  const draftRevisions = await db
    .select({
      scenarioId: scenarioDraftRevisions.scenarioId,
      revision: scenarioDraftRevisions.revision,
      kind: scenarioDraftRevisions.kind,
      savedAt: scenarioDraftRevisions.savedAt,
      source: scenarioDraftRevisions.source,
    })
    .from(scenarioDraftRevisions)
    .where(PERSONAL_DATA.scenario_draft_revisions!.about(keys))
    .orderBy(asc(scenarioDraftRevisions.scenarioId), asc(scenarioDraftRevisions.revision));
  const totals = await db.select().from(principleTotals).where(PERSONAL_DATA.principle_totals!.about(keys)).orderBy(asc(principleTotals.principleId));
  const deliveries = await db.select().from(lrsDeliveries).where(PERSONAL_DATA.lrs_deliveries!.about(keys)).orderBy(asc(lrsDeliveries.attemptId));
  const createdModules = await db.select().from(modules).where(PERSONAL_DATA.modules!.about(keys)).orderBy(asc(modules.createdAt), asc(modules.id));
  const createdModuleVersions = await db
    .select({ id: moduleVersions.id, moduleId: moduleVersions.moduleId, version: moduleVersions.version, title: moduleVersions.title, createdAt: moduleVersions.createdAt })
    .from(moduleVersions)
    .where(PERSONAL_DATA.module_versions!.about(keys))
    .orderBy(asc(moduleVersions.createdAt), asc(moduleVersions.id));

  return {
    format: PERSON_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    contents: Object.fromEntries(Object.entries(PERSONAL_DATA).map(([table, entry]) => [table, entry.exportedAs])),
    person: { ...withIsoDates(account), hasPassword: passwordHash !== null },
    attempts: attemptRows.map(({ attempt, scenario }) => ({
      ...withIsoDates(attempt),
      scenario,
      events: (eventsOf.get(attempt.id) ?? []).map(withIsoDates),
      timeModeChanges: (changesOf.get(attempt.id) ?? []).map(withIsoDates),
    })),
    passwordLinks: links.map(withIsoDates),
    signInFailures: failures.map((f) => ({ id: f.id, at: f.at.toISOString() })),
    auditEntries: audit.map(withIsoDates),
    publishedScenarioVersions: versions.map(withIsoDates),
    assignments: assignmentRows.map(({ assignment, module }) => ({ ...withIsoDates(assignment), module })),
    assignmentRules: rules.map(withIsoDates),
    archivedScenarios: archived.map(withIsoDates),
    scenarioDrafts: drafts.map(withIsoDates),
    scenarioDraftRevisions: draftRevisions.map(withIsoDates),
    principleTotals: totals,
    lrsDeliveries: deliveries.map(withIsoDates),
    createdModules: createdModules.map(withIsoDates),
    createdModuleVersions: createdModuleVersions.map(withIsoDates),
  };
}

/** The person with this id; an unknown or malformed id is not found. */
export async function personById(db: Pick<Database, 'select'>, userId: string, forUpdate = false): Promise<User> {
  if (!isUuid(userId)) throw new RecordNotFoundError('person');
  const query = db.select().from(users).where(eq(users.id, userId));
  const [user] = forUpdate ? await query.for('update') : await query;
  if (!user) throw new RecordNotFoundError('person');
  return user;
}

// ---- Anonymise and erase ----

/** The admin acting, and the address their request came from. */
export interface PrivacyActor {
  id: string;
  address?: string | null;
}

/** A request the rules refuse: the admin's own account, or the last active admin. */
export class PrivacyRefusedError extends HttpError {
  constructor(message: string) {
    super(409, 'refused', message);
  }
}

/** What an admin asks for: which of the two, and the person's current email typed as a check. */
export const erasureRequestBody = z.strictObject({
  mode: z.enum(['anonymise', 'erase'], { error: 'must be "anonymise" or "erase"' }),
  confirmEmail: z.string({ error: 'type the person’s email to confirm' }).max(320),
});

export const anonymisedEmail = (userId: string) => `anonymised-${userId.toLowerCase()}@invalid`;
export const anonymisedName = (userId: string) => `Former user ${userId.slice(0, 8)}`;

export interface AnonymiseReport {
  passwordLinks: number;
  signInFailures: number;
  auditEntriesScrubbed: number;
}

export interface EraseReport extends AnonymiseReport {
  attempts: number;
  attemptEvents: number;
  attemptTimeModeChanges: number;
  assignments: number;
  principleTotals: number;
  lrsDeliveries: number;
}

/**
 * Removes the person's identity and keeps their training records for statistics: the row stays
 * with placeholders, their links and failed sign-ins go, and the audit log no longer names them.
 */
export async function anonymisePerson(db: Database, userId: string, actor: PrivacyActor, now = new Date()): Promise<AnonymiseReport> {
  return db.transaction(async (tx) => {
    const person = await lockPerson(tx, userId, actor);
    const report = await removeIdentity(tx, person, now);
    await recordAudit(tx, { action: 'person-anonymised', actorId: actor.id, targetUserId: person.id, address: actor.address ?? null, details: { ...report } });
    return report;
  });
}

/** Everything anonymisation does, and the person's attempts, choices and module assignments are deleted too. */
export async function erasePerson(db: Database, userId: string, actor: PrivacyActor, now = new Date()): Promise<EraseReport> {
  return db.transaction(async (tx) => {
    const person = await lockPerson(tx, userId, actor);
    const keys = { id: person.id, email: person.email };
    const sent = await tx.delete(lrsDeliveries).where(PERSONAL_DATA.lrs_deliveries!.about(keys)).returning({ id: lrsDeliveries.attemptId });
    const totals = await tx.delete(principleTotals).where(PERSONAL_DATA.principle_totals!.about(keys)).returning({ id: principleTotals.principleId });
    const events = await tx.delete(attemptEvents).where(PERSONAL_DATA.attempt_events!.about(keys)).returning({ seq: attemptEvents.seq });
    const changes = await tx.delete(attemptTimeModeChanges).where(PERSONAL_DATA.attempt_time_mode_changes!.about(keys)).returning({ id: attemptTimeModeChanges.id });
    const removed = await tx.delete(attempts).where(PERSONAL_DATA.attempts!.about(keys)).returning({ id: attempts.id });
    const held = await tx.delete(assignments).where(PERSONAL_DATA.assignments!.about(keys)).returning({ id: assignments.id });
    const report: EraseReport = {
      ...(await removeIdentity(tx, person, now)),
      attempts: removed.length,
      attemptEvents: events.length,
      attemptTimeModeChanges: changes.length,
      assignments: held.length,
      principleTotals: totals.length,
      lrsDeliveries: sent.length,
    };
    await recordAudit(tx, { action: 'person-erased', actorId: actor.id, targetUserId: person.id, address: actor.address ?? null, details: { ...report } });
    return report;
  });
}

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * The person, locked, once the rules allow acting on them. Every active admin is locked first (in
 * one order, so two admins acting on each other cannot deadlock): the second of two such requests
 * sees the first one's result and may find it would remove the last admin.
 */
async function lockPerson(tx: Transaction, userId: string, actor: PrivacyActor): Promise<User> {
  if (userId.toLowerCase() === actor.id.toLowerCase()) {
    throw new PrivacyRefusedError('You cannot anonymise or erase your own account. Ask another administrator to do it.');
  }
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
    .orderBy(asc(users.id))
    .for('update');
  const person = await personById(tx, userId, true);
  if (person.role === 'admin' && person.active && !admins.some((a) => a.id !== person.id)) {
    throw new PrivacyRefusedError(`${person.name} is the last active administrator. Make someone else an administrator first.`);
  }
  return person;
}

async function removeIdentity(tx: Transaction, person: User, now: Date): Promise<AnonymiseReport> {
  const keys = { id: person.id, email: person.email };
  const email = anonymisedEmail(person.id);
  const name = anonymisedName(person.id);
  const replace = identityReplacer(person, { email, name });

  const links = await tx.delete(passwordLinks).where(PERSONAL_DATA.password_links!.about(keys)).returning({ id: passwordLinks.id });
  const failures = await tx.delete(signInFailures).where(PERSONAL_DATA.sign_in_failures!.about(keys)).returning({ id: signInFailures.id });

  let scrubbed = 0;
  for (const entry of await tx.select().from(auditLog).where(auditAbout(keys))) {
    const subject = entry.subject === null ? null : replace(entry.subject);
    const details = replaceInJson(entry.details, replace) as Record<string, unknown>;
    // The address of a request the person made, or of a failed sign-in with their email (most
    // likely them), locates the person; the address of an admin acting on them does not.
    const theirRequest = entry.actorId === person.id || (entry.actorId === null && (entry.targetUserId === person.id || subject !== entry.subject));
    const address = theirRequest ? null : entry.address;
    if (subject === entry.subject && address === entry.address && JSON.stringify(details) === JSON.stringify(entry.details)) continue;
    await tx.update(auditLog).set({ subject, details, address }).where(eq(auditLog.id, entry.id));
    scrubbed += 1;
  }

  for (const version of await tx
    .select({ id: scenarioVersions.id, changeNote: scenarioVersions.changeNote })
    .from(scenarioVersions)
    .where(and(PERSONAL_DATA.scenario_versions!.about(keys), sql`${scenarioVersions.changeNote} is not null`))) {
    const changeNote = replace(version.changeNote!);
    if (changeNote !== version.changeNote) await tx.update(scenarioVersions).set({ changeNote }).where(eq(scenarioVersions.id, version.id));
  }

  for (const draft of await tx
    .select({ scenarioId: scenarioDrafts.scenarioId, source: scenarioDrafts.source })
    .from(scenarioDrafts)
    .where(PERSONAL_DATA.scenario_drafts!.about(keys))) {
    const source = replace(draft.source);
    if (source !== draft.source) await tx.update(scenarioDrafts).set({ source }).where(eq(scenarioDrafts.scenarioId, draft.scenarioId));
  }
  for (const revision of await tx
    .select({ id: scenarioDraftRevisions.id, source: scenarioDraftRevisions.source })
    .from(scenarioDraftRevisions)
    .where(PERSONAL_DATA.scenario_draft_revisions!.about(keys))) {
    const source = replace(revision.source);
    if (source !== revision.source) await tx.update(scenarioDraftRevisions).set({ source }).where(eq(scenarioDraftRevisions.id, revision.id));
  }

  await tx
    .update(users)
    .set({
      email,
      name,
      // Cohort statistics group by team and start month; the day adds nothing to them.
      startDate: person.startDate ? `${person.startDate.slice(0, 7)}-01` : null,
      passwordHash: null,
      active: false,
      demo: false,
      lastSignInAt: null,
      tokenVersion: sql`${users.tokenVersion} + 1`,
      anonymisedAt: person.anonymisedAt ?? now,
    })
    .where(eq(users.id, person.id));

  return { passwordLinks: links.length, signInFailures: failures.length, auditEntriesScrubbed: scrubbed };
}

/** Replaces the person's email (any case) and name (whole words, any case) in a text. */
function identityReplacer(person: Pick<User, 'email' | 'name'>, placeholders: { email: string; name: string }): (text: string) => string {
  const email = new RegExp(emailPattern(person.email), 'gi');
  const name = person.name.trim() ? new RegExp(namePattern(person.name), 'giu') : null;
  return (text) => {
    const withoutEmail = text.replace(email, placeholders.email);
    return name ? withoutEmail.replace(name, placeholders.name) : withoutEmail;
  };
}

function replaceInJson(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((v) => replaceInJson(v, replace));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [replace(k), replaceInJson(v, replace)]));
  return value;
}
