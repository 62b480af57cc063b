import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from './audit';
import type { Database } from '../db';
import {
  assignmentRules,
  assignments,
  attemptEvents,
  attemptRetriedDecisions,
  attemptTimeModeChanges,
  typedReplies,
  attempts,
  auditLog,
  lrsDeliveries,
  mailOutbox,
  ltiAccounts,
  ltiGradeDeliveries,
  ltiLaunches,
  ltiModuleGradeDeliveries,
  ltiPlatforms,
  organisationSettings,
  scormAccounts,
  scormLaunches,
  scormPackages,
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
  type AttemptEvent,
  type AttemptRetriedDecision,
  type AttemptTimeModeChange,
  type TypedReply,
  type User,
} from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { isUuid } from '@/lib/uuid';
import type { AsJson } from '@/lib/as-json';
import { auditAbout, emailPattern, namePattern, PERSON_EXPORT_FORMAT, PERSONAL_DATA, type PersonExport } from './personal-data';

/**
 * Export, anonymisation and erasure of one person (docs/decisions/012-privacy-export-and-erasure.md),
 * each covering every table the register (personal-data.ts) names.
 */

// ---- The export document ----

function withIsoDates<T extends object>(row: T): AsJson<T> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value])) as AsJson<T>;
}

// ---- Export ----

/** Everything held about one person, as one JSON document. Reads only. */
export async function exportPerson(db: Database, userId: string, now = new Date()): Promise<PersonExport> {
  const user = await personById(db, userId);
  const keys = { id: user.id, email: user.email, name: user.name };
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
  const retried = await db
    .select()
    .from(attemptRetriedDecisions)
    .where(PERSONAL_DATA.attempt_retried_decisions!.about(keys))
    .orderBy(asc(attemptRetriedDecisions.attemptId), asc(attemptRetriedDecisions.seq));
  const retriedOf = new Map<string, AttemptRetriedDecision[]>();
  for (const row of retried) retriedOf.set(row.attemptId, [...(retriedOf.get(row.attemptId) ?? []), row]);
  const changes = await db
    .select()
    .from(attemptTimeModeChanges)
    .where(PERSONAL_DATA.attempt_time_mode_changes!.about(keys))
    .orderBy(asc(attemptTimeModeChanges.attemptId), asc(attemptTimeModeChanges.changedAt));
  const changesOf = new Map<string, AttemptTimeModeChange[]>();
  for (const change of changes) changesOf.set(change.attemptId, [...(changesOf.get(change.attemptId) ?? []), change]);
  const typed = await db.select().from(typedReplies).where(PERSONAL_DATA.typed_replies!.about(keys)).orderBy(asc(typedReplies.attemptId), asc(typedReplies.createdAt));
  const typedOf = new Map<string, TypedReply[]>();
  for (const reply of typed) typedOf.set(reply.attemptId, [...(typedOf.get(reply.attemptId) ?? []), reply]);

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
      note: scenarioDraftRevisions.note,
      savedAt: scenarioDraftRevisions.savedAt,
      source: scenarioDraftRevisions.source,
    })
    .from(scenarioDraftRevisions)
    .where(PERSONAL_DATA.scenario_draft_revisions!.about(keys))
    .orderBy(asc(scenarioDraftRevisions.scenarioId), asc(scenarioDraftRevisions.revision));
  const totals = await db.select().from(principleTotals).where(PERSONAL_DATA.principle_totals!.about(keys)).orderBy(asc(principleTotals.principleId));
  const deliveries = await db.select().from(lrsDeliveries).where(PERSONAL_DATA.lrs_deliveries!.about(keys)).orderBy(asc(lrsDeliveries.attemptId));
  const mail = await db.select().from(mailOutbox).where(PERSONAL_DATA.mail_outbox!.about(keys)).orderBy(asc(mailOutbox.createdAt), asc(mailOutbox.id));
  const ltiLinks = await db.select().from(ltiAccounts).where(PERSONAL_DATA.lti_accounts!.about(keys)).orderBy(asc(ltiAccounts.createdAt));
  const launches = await db.select().from(ltiLaunches).where(PERSONAL_DATA.lti_launches!.about(keys)).orderBy(asc(ltiLaunches.createdAt), asc(ltiLaunches.id));
  const grades = await db.select().from(ltiGradeDeliveries).where(PERSONAL_DATA.lti_grade_deliveries!.about(keys)).orderBy(asc(ltiGradeDeliveries.attemptId));
  const moduleGrades = await db
    .select()
    .from(ltiModuleGradeDeliveries)
    .where(PERSONAL_DATA.lti_module_grade_deliveries!.about(keys))
    .orderBy(asc(ltiModuleGradeDeliveries.launchId));
  const registered = await db
    .select({ id: ltiPlatforms.id, name: ltiPlatforms.name, issuer: ltiPlatforms.issuer, createdAt: ltiPlatforms.createdAt, removedAt: ltiPlatforms.removedAt })
    .from(ltiPlatforms)
    .where(PERSONAL_DATA.lti_platforms!.about(keys))
    .orderBy(asc(ltiPlatforms.createdAt));
  const signatory = await db
    .select({ signatoryName: organisationSettings.signatoryName, signatoryTitle: organisationSettings.signatoryTitle })
    .from(organisationSettings)
    .where(PERSONAL_DATA.organisation_settings!.about(keys));
  const scormLinks = await db.select().from(scormAccounts).where(PERSONAL_DATA.scorm_accounts!.about(keys)).orderBy(asc(scormAccounts.createdAt));
  const scormLaunchRows = await db.select().from(scormLaunches).where(PERSONAL_DATA.scorm_launches!.about(keys)).orderBy(asc(scormLaunches.createdAt), asc(scormLaunches.id));
  const downloadedPackages = await db.select().from(scormPackages).where(PERSONAL_DATA.scorm_packages!.about(keys)).orderBy(asc(scormPackages.createdAt), asc(scormPackages.id));
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
      retriedDecisions: (retriedOf.get(attempt.id) ?? []).map(withIsoDates),
      timeModeChanges: (changesOf.get(attempt.id) ?? []).map(withIsoDates),
      typedReplies: (typedOf.get(attempt.id) ?? []).map(withIsoDates),
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
    mail: mail.map(({ sealedToken: _sealed, ...row }) => withIsoDates(row)),
    ltiAccounts: ltiLinks.map(withIsoDates),
    ltiLaunches: launches.map(({ openTicketHash: _ticket, ...launch }) => withIsoDates(launch)),
    ltiGradeDeliveries: grades.map(withIsoDates),
    ltiModuleGradeDeliveries: moduleGrades.map(withIsoDates),
    certificateSignatory: signatory,
    registeredLtiPlatforms: registered.map(withIsoDates),
    scormAccounts: scormLinks.map(({ secretHash: _secret, ...link }) => withIsoDates(link)),
    scormLaunches: scormLaunchRows.map(({ openTicketHash: _ticket, statusTokenHash: _token, ...launch }) => withIsoDates(launch)),
    createdScormPackages: downloadedPackages.map(({ keyHash: _key, ...made }) => withIsoDates(made)),
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
  /** Replies they typed in their own words, removed (the choices stay). */
  typedReplies: number;
  /** Email to them, removed from the outbox. */
  mail: number;
  /** Links to their accounts in learning platforms, removed. */
  ltiAccounts: number;
  /** Links to their ids in LMSs that run SCORM packages, removed. */
  scormAccounts: number;
}

export interface EraseReport extends AnonymiseReport {
  attempts: number;
  attemptEvents: number;
  /** Answers taken back in coaching, deleted with their attempts. */
  attemptRetriedDecisions: number;
  attemptTimeModeChanges: number;
  assignments: number;
  principleTotals: number;
  lrsDeliveries: number;
  ltiLaunches: number;
  ltiGradeDeliveries: number;
  ltiModuleGradeDeliveries: number;
  scormLaunches: number;
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
    const keys = { id: person.id, email: person.email, name: person.name };
    const sent = await tx.delete(lrsDeliveries).where(PERSONAL_DATA.lrs_deliveries!.about(keys)).returning({ id: lrsDeliveries.attemptId });
    const graded = await tx.delete(ltiGradeDeliveries).where(PERSONAL_DATA.lti_grade_deliveries!.about(keys)).returning({ id: ltiGradeDeliveries.attemptId });
    const moduleGraded = await tx
      .delete(ltiModuleGradeDeliveries)
      .where(PERSONAL_DATA.lti_module_grade_deliveries!.about(keys))
      .returning({ id: ltiModuleGradeDeliveries.launchId });
    // Scores of other people's attempts never hang on this person's launches: a launch plays its own person's attempt.
    const launched = await tx.delete(ltiLaunches).where(PERSONAL_DATA.lti_launches!.about(keys)).returning({ id: ltiLaunches.id });
    const scormLaunched = await tx.delete(scormLaunches).where(PERSONAL_DATA.scorm_launches!.about(keys)).returning({ id: scormLaunches.id });
    const totals = await tx.delete(principleTotals).where(PERSONAL_DATA.principle_totals!.about(keys)).returning({ id: principleTotals.principleId });
    // Identity first: it removes the typed replies, which hang on the attempts.
    const identity = await removeIdentity(tx, person, now);
    const events = await tx.delete(attemptEvents).where(PERSONAL_DATA.attempt_events!.about(keys)).returning({ seq: attemptEvents.seq });
    const retried = await tx.delete(attemptRetriedDecisions).where(PERSONAL_DATA.attempt_retried_decisions!.about(keys)).returning({ seq: attemptRetriedDecisions.seq });
    const changes = await tx.delete(attemptTimeModeChanges).where(PERSONAL_DATA.attempt_time_mode_changes!.about(keys)).returning({ id: attemptTimeModeChanges.id });
    const removed = await tx.delete(attempts).where(PERSONAL_DATA.attempts!.about(keys)).returning({ id: attempts.id });
    const held = await tx.delete(assignments).where(PERSONAL_DATA.assignments!.about(keys)).returning({ id: assignments.id });
    const report: EraseReport = {
      ...identity,
      attempts: removed.length,
      attemptEvents: events.length,
      attemptRetriedDecisions: retried.length,
      attemptTimeModeChanges: changes.length,
      assignments: held.length,
      principleTotals: totals.length,
      lrsDeliveries: sent.length,
      ltiLaunches: launched.length,
      ltiGradeDeliveries: graded.length,
      ltiModuleGradeDeliveries: moduleGraded.length,
      scormLaunches: scormLaunched.length,
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
  const keys = { id: person.id, email: person.email, name: person.name };
  const email = anonymisedEmail(person.id);
  const name = anonymisedName(person.id);
  const replace = identityReplacer(person, { email, name });

  const links = await tx.delete(passwordLinks).where(PERSONAL_DATA.password_links!.about(keys)).returning({ id: passwordLinks.id });
  const failures = await tx.delete(signInFailures).where(PERSONAL_DATA.sign_in_failures!.about(keys)).returning({ id: signInFailures.id });
  const mail = await tx.delete(mailOutbox).where(eq(mailOutbox.userId, person.id)).returning({ id: mailOutbox.id });
  // Their own words may name them: the choices stay, the words go.
  const typed = await tx.delete(typedReplies).where(PERSONAL_DATA.typed_replies!.about(keys)).returning({ id: typedReplies.id });
  // Their id in an LMS names them there.
  const ltiLinks = await tx.delete(ltiAccounts).where(PERSONAL_DATA.lti_accounts!.about(keys)).returning({ id: ltiAccounts.sub });
  await tx.update(ltiLaunches).set({ sub: '', openTicketHash: null, openTicketExpiresAt: null }).where(PERSONAL_DATA.lti_launches!.about(keys));
  const scormLinks = await tx.delete(scormAccounts).where(PERSONAL_DATA.scorm_accounts!.about(keys)).returning({ id: scormAccounts.studentId });
  await tx.update(scormLaunches).set({ openTicketHash: null, openTicketExpiresAt: null }).where(PERSONAL_DATA.scorm_launches!.about(keys));
  await tx.update(organisationSettings).set({ signatoryName: null, signatoryTitle: null }).where(PERSONAL_DATA.organisation_settings!.about(keys));
  await tx
    .update(attemptEvents)
    .set({ typedText: null })
    .where(and(PERSONAL_DATA.attempt_events!.about(keys), sql`${attemptEvents.typedText} is not null`));
  await tx
    .update(attemptRetriedDecisions)
    .set({ typedText: null })
    .where(and(PERSONAL_DATA.attempt_retried_decisions!.about(keys), sql`${attemptRetriedDecisions.typedText} is not null`));

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
    .select({ id: scenarioDraftRevisions.id, source: scenarioDraftRevisions.source, note: scenarioDraftRevisions.note })
    .from(scenarioDraftRevisions)
    .where(PERSONAL_DATA.scenario_draft_revisions!.about(keys))) {
    const source = replace(revision.source);
    const note = revision.note === null ? null : replace(revision.note);
    if (source !== revision.source || note !== revision.note) await tx.update(scenarioDraftRevisions).set({ source, note }).where(eq(scenarioDraftRevisions.id, revision.id));
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

  return {
    passwordLinks: links.length,
    signInFailures: failures.length,
    auditEntriesScrubbed: scrubbed,
    typedReplies: typed.length,
    mail: mail.length,
    ltiAccounts: ltiLinks.length,
    scormAccounts: scormLinks.length,
  };
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
