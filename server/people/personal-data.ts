import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { AsJson } from '@/lib/as-json';
import {
  assignmentRules,
  assignments,
  attemptEvents,
  attemptRetriedDecisions,
  attemptTimeModeChanges,
  attempts,
  typedReplies,
  auditLog,
  lrsDeliveries,
  mailOutbox,
  ltiAccounts,
  ltiGradeDeliveries,
  ltiLaunches,
  ltiModuleGradeDeliveries,
  ltiPlatforms,
  modules,
  organisationSettings,
  scormAccounts,
  scormLaunches,
  scormPackages,
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
  type AttemptRetriedDecision,
  type AttemptTimeModeChange,
  type TypedReply,
  type AuditEntry,
  type LrsDelivery,
  type MailOutboxRow,
  type LtiAccount,
  type LtiGradeDelivery,
  type LtiLaunch,
  type LtiModuleGradeDelivery,
  type ScormAccount,
  type ScormLaunch,
  type ScormPackage,
  type PrincipleTotal,
  type User,
} from '../db/schema';

/**
 * The register of personal data (docs/decisions/012-privacy-export-and-erasure.md): every table
 * that holds data about a person, the columns that tie a row to them, and how export, anonymising
 * and erasure each cover it. server/people/privacy.test.ts reads the database's own catalogue and
 * fails when a table or column is missing here. The actions themselves are in privacy.ts.
 */

export const PERSON_EXPORT_FORMAT = 'frontline.person-export/1';

/** What finds a person's rows: their id, the email sign-in failures were recorded under, and their name where an admin typed it. */
export interface PersonKeys {
  id: string;
  email: string;
  name: string;
}

// ---- Recognising a person's email and name in free text ----

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The email as a whole address: not the tail of a longer one (tom@x.test inside atom@x.test) nor
 * the start of a longer domain (tom@x.test.example). The same pattern works in JavaScript and in
 * PostgreSQL's regular expressions (which have lookbehind since 9.6).
 */
export const emailPattern = (email: string) => `(?<![a-z0-9._%+-])${escapeRegExp(email)}(?![a-z0-9-]|\\.[a-z0-9])`;

/** The name as whole words, and not part of an email: "Ann" is not found in "Annual" nor in ann.lee@x.test. */
export const namePattern = (name: string) => `(?<![\\p{L}\\p{N}@._+-])${escapeRegExp(name.trim())}(?![\\p{L}\\p{N}@_-]|\\.[\\p{L}\\p{N}])`;

/** Rows of the audit log about the person: they acted, were acted on, or their email was typed or listed. */
export const auditAbout = (p: PersonKeys): SQL =>
  sql`(${auditLog.actorId} = ${p.id} or ${auditLog.targetUserId} = ${p.id} or ${auditLog.subject} ~* ${emailPattern(p.email)} or ${auditLog.details}::text ~* ${emailPattern(p.email)})`;

// ---- The export document ----

export interface PersonExport {
  format: typeof PERSON_EXPORT_FORMAT;
  exportedAt: string;
  /** For each table holding data about a person: where its rows are in this document. */
  contents: Record<string, string>;
  person: AsJson<Omit<User, 'passwordHash'>> & { hasPassword: boolean };
  attempts: (AsJson<Attempt> & {
    scenario: { id: string; version: number; title: string };
    events: AsJson<AttemptEvent>[];
    /** Answers taken back in coaching to try the decision again. */
    retriedDecisions: AsJson<AttemptRetriedDecision>[];
    timeModeChanges: AsJson<AttemptTimeModeChange>[];
    typedReplies: AsJson<TypedReply>[];
  })[];
  /** Links to set a password, without the token (only its hash is kept, and that is left out too). */
  passwordLinks: AsJson<{ id: string; purpose: string; createdBy: string | null; createdAt: Date; expiresAt: Date; usedAt: Date | null }>[];
  /** Failed sign-ins counted against the person's email, for throttling. */
  signInFailures: { id: string; at: string }[];
  /** Audit entries where the person acted or was acted on, or that name their email. */
  auditEntries: AsJson<AuditEntry>[];
  publishedScenarioVersions: AsJson<{ id: string; scenarioId: string; version: number; title: string; publishedAt: Date; changeNote: string | null; contentHash: string }>[];
  /** Training modules assigned to the person, with the version they hold. */
  assignments: (AsJson<typeof assignments.$inferSelect> & { module: { id: string; version: number; title: string } })[];
  /** Rules that name the person, or that they made or removed. */
  assignmentRules: AsJson<typeof assignmentRules.$inferSelect>[];
  archivedScenarios: AsJson<{ id: string; archivedAt: Date | null }>[];
  /** Drafts they saved last, and every draft revision they saved, with the text. */
  scenarioDrafts: AsJson<{ scenarioId: string; revision: number; updatedAt: Date; source: string }>[];
  scenarioDraftRevisions: AsJson<{ scenarioId: string; revision: number; kind: string; note: string | null; savedAt: Date; source: string }>[];
  /** Running totals per principle over their finished attempts. */
  principleTotals: PrincipleTotal[];
  /** Their attempts sent to the Learning Record Store. */
  lrsDeliveries: AsJson<LrsDelivery>[];
  /** Email to them (queued, sent, failed, cancelled or previews), and reminders they asked to be sent to others; never a link's token. */
  mail: AsJson<Omit<MailOutboxRow, 'sealedToken'>>[];
  /** The LMS accounts (issuer + sub) linked to theirs, their launches from an LMS, and the scores sent back. */
  ltiAccounts: AsJson<LtiAccount>[];
  ltiLaunches: AsJson<Omit<LtiLaunch, 'openTicketHash'>>[];
  ltiGradeDeliveries: AsJson<LtiGradeDelivery>[];
  /** Scores of modules they were launched into, sent back (or waiting to be). */
  ltiModuleGradeDeliveries: AsJson<LtiModuleGradeDelivery>[];
  /** LMS connections they registered. */
  /** The organisation's certificate signatory, where it is the person's name. */
  certificateSignatory: { signatoryName: string | null; signatoryTitle: string | null }[];
  registeredLtiPlatforms: AsJson<{ id: string; name: string; issuer: string; createdAt: Date; removedAt: Date | null }>[];
  /** Their id in an LMS that runs SCORM packages, linked to their account (never the learner secret), and their launches from a package. */
  scormAccounts: AsJson<Omit<ScormAccount, 'secretHash'>>[];
  scormLaunches: AsJson<Omit<ScormLaunch, 'openTicketHash' | 'statusTokenHash'>>[];
  /** SCORM packages they downloaded (never the package key). */
  createdScormPackages: AsJson<Omit<ScormPackage, 'keyHash'>>[];
  createdModules: AsJson<typeof modules.$inferSelect>[];
  createdModuleVersions: AsJson<{ id: string; moduleId: string; version: number; title: string; createdAt: Date }>[];
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
    holds: 'Each choice the person made in an attempt, with points and time taken, and the words they typed when they answered in their own words.',
    columns: { attempt_id: 'the attempt it belongs to, and through it the person', typed_text: 'their own words, which may name them or others' },
    about: (p) => sql`${attemptEvents.attemptId} in (select ${attempts.id} from ${attempts} where ${attempts.userId} = ${p.id})`,
    exportedAs: 'attempts[].events[]',
    exported: (d) => d.attempts.flatMap((a) => a.events),
    anonymise: 'Kept with their attempts, without the words they typed (which may name them).',
    erase: 'Deleted, with their attempts.',
  },
  attempt_retried_decisions: {
    holds: 'Each answer the person took back in a coaching attempt to try that decision again: the choice, its points, when, and their own words if they typed it.',
    columns: { attempt_id: 'the attempt it belongs to, and through it the person', typed_text: 'their own words, which may name them or others' },
    about: (p) => sql`${attemptRetriedDecisions.attemptId} in (select ${attempts.id} from ${attempts} where ${attempts.userId} = ${p.id})`,
    exportedAs: 'attempts[].retriedDecisions[]',
    exported: (d) => d.attempts.flatMap((a) => a.retriedDecisions),
    anonymise: 'Kept with their attempts, without the words they typed (which may name them).',
    erase: 'Deleted, with their attempts.',
  },
  typed_replies: {
    holds: 'Every reply the person typed in their own words, and what it was understood as (or that it was not).',
    columns: {
      attempt_id: 'the attempt it belongs to, and through it the person',
      text: 'their own words, which may name them or others',
      state_name: 'not personal: a state of the scenario',
    },
    about: (p) => sql`${typedReplies.attemptId} in (select ${attempts.id} from ${attempts} where ${attempts.userId} = ${p.id})`,
    exportedAs: 'attempts[].typedReplies[]',
    exported: (d) => d.attempts.flatMap((a) => a.typedReplies),
    anonymise: 'Deleted: the words are theirs and may name them.',
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
    holds: 'Every save of a scenario draft the person made, with its content and the note saying what changed.',
    columns: { saved_by: 'who saved the revision', scenario_id: 'not personal: the scenario' },
    about: (p) => sql`${scenarioDraftRevisions.savedBy} = ${p.id}`,
    exportedAs: 'scenarioDraftRevisions[]',
    exported: (d) => d.scenarioDraftRevisions,
    anonymise: 'Kept, as drafts are; the author is the anonymised row, and their name or email in the text and the note is replaced.',
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
  mail_outbox: {
    holds:
      'Email to the person (invitations with a set-password link, assignment notices, reminders): kind, address, what it was about, when queued and sent; and reminders the person (HR) asked to be sent to others.',
    columns: {
      user_id: 'whom the mail is to',
      to_address: 'their email when the mail was queued',
      requested_by: 'who caused the mail (an account made, a reminder asked for)',
    },
    about: (p) => sql`(${mailOutbox.userId} = ${p.id} or ${mailOutbox.requestedBy} = ${p.id})`,
    exportedAs: 'mail[]',
    exported: (d) => d.mail,
    anonymise:
      'Mail to them is deleted (it holds their address, and nothing is sent to an anonymised account); mail they asked to be sent to others is kept, pointing at the anonymised row.',
    erase: 'As anonymise.',
  },
  lti_accounts: {
    holds: 'The person’s identity in a learning platform (its issuer and their id there, sub) linked to their account, and when they last launched from it.',
    columns: { user_id: 'whose link it is', sub: 'their id in the LMS' },
    about: (p) => sql`${ltiAccounts.userId} = ${p.id}`,
    exportedAs: 'ltiAccounts[]',
    exported: (d) => d.ltiAccounts,
    anonymise: 'Deleted: the LMS id names them there. A later launch from the LMS makes a new account.',
    erase: 'Deleted.',
  },
  lti_launches: {
    holds: 'Each launch of Frontline from a learning platform: their id there, their roles in the course, the course, what it opened and where the grade went.',
    columns: {
      user_id: 'who was launched',
      sub: 'their id in the LMS',
      platform_id: 'not personal: the LMS',
      context_title: 'not personal: the course’s title',
    },
    about: (p) => sql`${ltiLaunches.userId} = ${p.id}`,
    exportedAs: 'ltiLaunches[]',
    exported: (d) => d.ltiLaunches,
    anonymise: 'Kept for the grade history, with their LMS id removed.',
    erase: 'Deleted.',
  },
  lti_grade_deliveries: {
    holds: 'Scores of the person’s attempts posted (or waiting to be posted) to an LMS gradebook.',
    columns: { attempt_id: 'the attempt whose score it is, and through it the person', launch_id: 'the launch it came from, and through it the person' },
    about: (p) => sql`${ltiGradeDeliveries.attemptId} in (select ${attempts.id} from ${attempts} where ${attempts.userId} = ${p.id})`,
    exportedAs: 'ltiGradeDeliveries[]',
    exported: (d) => d.ltiGradeDeliveries,
    anonymise: 'Kept with their attempts.',
    erase: 'Deleted, with their attempts. Scores already in the LMS gradebook stay there: remove them in the LMS as well.',
  },
  lti_module_grade_deliveries: {
    holds: 'The score of a module the person was launched into from an LMS, posted (or waiting to be posted) to its gradebook once they complete it.',
    columns: { launch_id: 'the launch it came from, and through it the person' },
    about: (p) => sql`${ltiModuleGradeDeliveries.launchId} in (select ${ltiLaunches.id} from ${ltiLaunches} where ${ltiLaunches.userId} = ${p.id})`,
    exportedAs: 'ltiModuleGradeDeliveries[]',
    exported: (d) => d.ltiModuleGradeDeliveries,
    anonymise: 'Kept with their launches.',
    erase: 'Deleted, with their launches. Scores already in the LMS gradebook stay there: remove them in the LMS as well.',
  },
  organisation_settings: {
    holds: 'The certificates’ signatory, by name and title as an admin typed them, when that is the person’s name.',
    columns: { name: 'not personal: the organisation’s name', signatory_name: 'the signatory’s name, typed by an admin, not linked to an account' },
    about: (p) => sql`lower(btrim(${organisationSettings.signatoryName})) = lower(btrim(${p.name}))`,
    exportedAs: 'certificateSignatory[]',
    exported: (d) => d.certificateSignatory,
    anonymise: 'The signatory’s name and title are cleared: certificates carry no signatory until an admin names one.',
    erase: 'As anonymise.',
  },
  lti_platforms: {
    holds: 'LMS connections the person registered.',
    columns: { created_by: 'who registered the connection', name: 'not personal: the LMS’s name' },
    about: (p) => sql`${ltiPlatforms.createdBy} = ${p.id}`,
    exportedAs: 'registeredLtiPlatforms[]',
    exported: (d) => d.registeredLtiPlatforms,
    anonymise: 'Kept: the connection is the organisation’s; the registrar is the anonymised row.',
    erase: 'As anonymise.',
  },
  scorm_accounts: {
    holds:
      'The person’s id in an LMS that runs Frontline’s SCORM packages (cmi.core.student_id), linked to their account, a hash of the learner secret the LMS keeps for them, and when they last launched.',
    columns: { user_id: 'whose link it is', student_id: 'their id in the LMS' },
    about: (p) => sql`${scormAccounts.userId} = ${p.id}`,
    exportedAs: 'scormAccounts[]',
    exported: (d) => d.scormAccounts,
    anonymise: 'Deleted: the LMS id names them there. A later launch from the LMS makes a new account.',
    erase: 'Deleted.',
  },
  scorm_launches: {
    holds: 'Each launch of Frontline from a SCORM package: the package, the attempt it played, the LMS page’s origin and when.',
    columns: {
      user_id: 'who was launched',
      attempt_id: 'the attempt it played',
      package_id: 'not personal: the package',
      lms_origin: 'not personal: the LMS’s address',
    },
    about: (p) => sql`${scormLaunches.userId} = ${p.id}`,
    exportedAs: 'scormLaunches[]',
    exported: (d) => d.scormLaunches,
    anonymise: 'Kept with their attempts; the one-time ticket is removed.',
    erase: 'Deleted, with their attempts. Results already reported to the LMS stay there: remove them in the LMS as well.',
  },
  scorm_packages: {
    holds: 'SCORM packages the person downloaded.',
    columns: { created_by: 'who downloaded the package', scenario_id: 'not personal: the scenario it opens' },
    about: (p) => sql`${scormPackages.createdBy} = ${p.id}`,
    exportedAs: 'createdScormPackages[]',
    exported: (d) => d.createdScormPackages,
    anonymise: 'Kept: the package is the organisation’s and runs in its LMS; the downloader is the anonymised row.',
    erase: 'As anonymise.',
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
