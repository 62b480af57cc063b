import { sql } from 'drizzle-orm';
import { boolean, check, customType, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { TIME_MODES } from '../../machines/timing';

export const ROLES = ['trainee', 'trainer', 'hr', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export { TIME_MODES, type TimeMode } from '../../machines/timing';

export const ATTEMPT_STATUSES = ['in-progress', 'completed'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stored lower-case; unique. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    passwordHash: text('password_hash'),
    team: text('team'),
    startDate: date('start_date'),
    active: boolean('active').notNull().default(true),
    /** Bumped to end every session of the user at once. */
    tokenVersion: integer('token_version').notNull().default(0),
    timeMode: text('time_mode', { enum: TIME_MODES }).notNull().default('standard'),
    /** A demo account: its password is public, so it only works in demo mode. */
    demo: boolean('demo').notNull().default(false),
    createdAt: createdAt(),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true, mode: 'date' }),
    /** Set when the person's identity was removed on request; the row stays so records keep their shape. */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true, mode: 'date' }),
    /** When the person turned email reminders off (the link in a reminder, or their settings); null: reminders on. */
    remindersOffAt: timestamp('reminders_off_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
    index('users_team').on(t.team),
    index('users_start_date').on(t.startDate),
  ],
);

export const scenarios = pgTable('scenarios', {
  id: text('id').primaryKey(),
  /** 'builtin' for files in scenarios/, loaded at start-up. */
  origin: text('origin', { enum: ['builtin', 'authored'] }).notNull(),
  archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' }),
  archivedBy: uuid('archived_by').references(() => users.id),
  createdAt: createdAt(),
});

export const scenarioVersions = pgTable(
  'scenario_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scenarioId: text('scenario_id')
      .notNull()
      .references(() => scenarios.id),
    version: integer('version').notNull(),
    /**
     * The document exactly as published. Text, not jsonb: jsonb reorders keys, and the order of
     * choices in a file is the order they are shown in.
     */
    source: text('source').notNull(),
    /** sha256 of the document re-serialised, so reformatting a file is not a new version. */
    contentHash: text('content_hash').notNull(),
    title: text('title').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    publishedBy: uuid('published_by').references(() => users.id),
    changeNote: text('change_note'),
    /** The draft revision published as this version (authored scenarios; null for files from git). */
    draftRevision: integer('draft_revision'),
    /** The assessment pool this version is a variant of (`meta.pool`), copied out of the source so queries can join on it. */
    poolId: text('pool_id'),
    poolTitle: text('pool_title'),
  },
  (t) => [uniqueIndex('scenario_versions_scenario_version').on(t.scenarioId, t.version), index('scenario_versions_pool').on(t.poolId)],
);

export const DRAFT_REVISION_KINDS = ['created', 'saved', 'imported', 'duplicated', 'restored', 'conflict'] as const;
export type DraftRevisionKind = (typeof DRAFT_REVISION_KINDS)[number];

/**
 * The working copy of an authored scenario, edited in the studio: any JSON, checked but not
 * required to pass until it is published. `revision` is the number of the revision it holds; a
 * save must name it, so a save made on an older copy is refused instead of overwriting.
 */
export const scenarioDrafts = pgTable('scenario_drafts', {
  scenarioId: text('scenario_id')
    .primaryKey()
    .references(() => scenarios.id),
  source: text('source').notNull(),
  revision: integer('revision').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedBy: uuid('updated_by')
    .notNull()
    .references(() => users.id),
});

/**
 * Every save of a draft, numbered per scenario. A save refused because the draft had moved on is
 * kept too (kind "conflict"), so neither person's work is lost; it never becomes the draft unless
 * restored.
 */
export const scenarioDraftRevisions = pgTable(
  'scenario_draft_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    scenarioId: text('scenario_id')
      .notNull()
      .references(() => scenarios.id),
    revision: integer('revision').notNull(),
    kind: text('kind', { enum: DRAFT_REVISION_KINDS }).notNull(),
    source: text('source').notNull(),
    /** The revision the editor had when it saved (for a restore: the revision brought back). */
    basedOn: integer('based_on'),
    /** What changed, in the trainer's words: optional on a save, the change note when the revision is published. */
    note: text('note'),
    savedAt: timestamp('saved_at', { withTimezone: true, mode: 'date' }).notNull(),
    savedBy: uuid('saved_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [uniqueIndex('scenario_draft_revisions_number').on(t.scenarioId, t.revision)],
);

export const attempts = pgTable(
  'attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    scenarioVersionId: uuid('scenario_version_id')
      .notNull()
      .references(() => scenarioVersions.id),
    status: text('status', { enum: ATTEMPT_STATUSES }).notNull().default('in-progress'),
    /** How timed decisions run; null when the scenario has no timed decision. Changes are in attempt_time_mode_changes. */
    timeMode: text('time_mode', { enum: TIME_MODES }),
    /** Where the attempt stands; the server steps from here on the pinned version. */
    stateName: text('state_name').notNull(),
    mood: integer('mood').notNull(),
    flags: jsonb('flags').$type<string[]>().notNull(),
    /** Decisions made so far; the next choice must carry this number as its sequence. */
    step: integer('step').notNull().default(0),
    /** When the current decision was put to the trainee (server clock), for time limits. */
    stateEnteredAt: timestamp('state_entered_at', { withTimezone: true, mode: 'date' }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    outcome: text('outcome', { enum: ['success', 'partial', 'failure'] }),
    passed: boolean('passed'),
    overallPercent: doublePrecision('overall_percent'),
    principleScores: jsonb('principle_scores').$type<Record<string, number>>(),
    /** Critical errors taken, set when the attempt ends: any fails it whatever the score. */
    criticalErrors: integer('critical_errors').notNull().default(0),
    /** Whether the trainee types replies: the scenario asks for it, or a module of theirs that holds it did when it started. */
    ownWords: boolean('own_words').notNull().default(false),
    /** Time to read what the path showed, and the time taken over it, set when the attempt ends (decision 041). */
    readingMs: integer('reading_ms'),
    answeringMs: integer('answering_ms'),
    /** Passed in less than half its reading time (machines/reading-pace.ts), for HR to look at. */
    fasterThanReading: boolean('faster_than_reading').notNull().default(false),
  },
  (t) => [
    index('attempts_user_started').on(t.userId, t.startedAt),
    index('attempts_version').on(t.scenarioVersionId),
    index('attempts_status_completed').on(t.status, t.completedAt),
    // HR's "failed by a critical error" filter reads only these few attempts.
    index('attempts_critical_failures')
      .on(t.userId, t.scenarioVersionId, t.startedAt, t.completedAt)
      .where(sql`${t.criticalErrors} > 0 AND ${t.passed} = false`),
    // HR's "passed faster than it could be read" filter, likewise.
    index('attempts_fast_passes')
      .on(t.userId, t.scenarioVersionId, t.startedAt, t.completedAt)
      .where(sql`${t.fasterThanReading}`),
  ],
);

/** A decision as recorded: the columns of attempt_events, and of attempt_retried_decisions, which keeps the answers taken back. */
const decisionColumns = () => ({
  attemptId: uuid('attempt_id')
    .notNull()
    .references(() => attempts.id),
  seq: integer('seq').notNull(),
  /** The event applied: a choice key or TIMEOUT. */
  event: text('event').notNull(),
  /** What the client sent, when the server applied something else (a late choice becomes TIMEOUT). */
  requestedEvent: text('requested_event').notNull(),
  /** The position the decision was taken in. */
  fromState: text('from_state').notNull(),
  mood: integer('mood').notNull(),
  flags: jsonb('flags').$type<string[]>().notNull(),
  toState: text('to_state').notNull(),
  earned: jsonb('earned').$type<Record<string, number>>().notNull(),
  best: jsonb('best').$type<Record<string, number>>().notNull(),
  /** Time the trainee took to decide, by the server's clock. */
  elapsedMs: integer('elapsed_ms').notNull(),
  /** Where the reply taken stood in the order shown to the trainee (1 = first); null for a time-out and for older records. */
  shownPosition: integer('shown_position'),
  /** Why the option taken is a critical error, as the pinned version says; null when it is not one. */
  critical: text('critical'),
  /** The trainee's own words, when they typed the reply and it was understood as this choice (decision 033). */
  typedText: text('typed_text'),
  createdAt: createdAt(),
});

/** The decisions that stand in each attempt, one per step: what is scored and reported. */
export const attemptEvents = pgTable('attempt_events', decisionColumns(), (t) => [primaryKey({ columns: [t.attemptId, t.seq] })]);

/**
 * Answers a trainee took back in a coaching attempt ("try that reply again", decision 042): the
 * decision as it was recorded, and when it was taken back. The attempt's state was replayed without
 * it and the decision at the same `seq` in attempt_events is the answer that replaced it. Scores
 * never read this table; the debrief, HR's transcript and xAPI do. One retry per decision.
 */
export const attemptRetriedDecisions = pgTable(
  'attempt_retried_decisions',
  {
    ...decisionColumns(),
    retriedAt: timestamp('retried_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.seq] })],
);

/**
 * Every reply a trainee typed in their own words and what the matcher understood (decision 033):
 * the misses at a decision decide when the list is shown, and trainers review what went
 * unrecognised. `seq` is the decision it was typed at.
 */
export const typedReplies = pgTable(
  'typed_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    attemptId: uuid('attempt_id')
      .notNull()
      .references(() => attempts.id),
    seq: integer('seq').notNull(),
    stateName: text('state_name').notNull(),
    text: text('text').notNull(),
    /** The choice understood, or null: nothing was close enough. */
    understoodEvent: text('understood_event'),
    confidence: doublePrecision('confidence').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('typed_replies_attempt').on(t.attemptId, t.seq)],
);

/**
 * Every change of an attempt's time limits, for the record: a limit changed mid-attempt is part of
 * what the score means. `atStep` is the decision it was changed at.
 */
export const attemptTimeModeChanges = pgTable(
  'attempt_time_mode_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    attemptId: uuid('attempt_id')
      .notNull()
      .references(() => attempts.id),
    atStep: integer('at_step').notNull(),
    fromMode: text('from_mode', { enum: TIME_MODES }).notNull(),
    toMode: text('to_mode', { enum: TIME_MODES }).notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('attempt_time_mode_changes_attempt').on(t.attemptId, t.changedAt)],
);

/** A module: an ordered set of scenarios to pass. Its content lives in versions; editing adds one. */
export const modules = pgTable('modules', {
  id: uuid('id').primaryKey().defaultRandom(),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' }),
});

export const moduleVersions = pgTable(
  'module_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    moduleId: uuid('module_id')
      .notNull()
      .references(() => modules.id),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /**
     * The steps in the order they are meant to be played; all must be passed. A step is a scenario
     * id, or `pool:<pool id>` for any variant of an assessment pool (server/onboarding/module-steps.ts). The
     * column keeps the name it had when every step was a scenario.
     */
    steps: jsonb('scenario_ids').$type<string[]>().notNull(),
    /** Days from the day a person is assigned to their due date, when a rule sets no fixed date. */
    defaultDueDays: integer('default_due_days').notNull(),
    /** Trainees holding this module type their replies in its scenarios, whatever each scenario says. */
    ownWords: boolean('own_words').notNull().default(false),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('module_versions_module_version').on(t.moduleId, t.version)],
);

export const ASSIGNMENT_KINDS = ['person', 'team', 'cohort'] as const;
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];

/** Who a module is assigned to: one person, a team, or the trainees who started in a date range. */
export const assignmentRules = pgTable(
  'assignment_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    moduleId: uuid('module_id')
      .notNull()
      .references(() => modules.id),
    kind: text('kind', { enum: ASSIGNMENT_KINDS }).notNull(),
    userId: uuid('user_id').references(() => users.id),
    team: text('team'),
    /** Inclusive range on users.start_date. */
    cohortFrom: date('cohort_from'),
    cohortTo: date('cohort_to'),
    /** A fixed due date (organisation time zone); null: each person's assignment day + the module's default days. */
    dueDate: date('due_date'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    removedAt: timestamp('removed_at', { withTimezone: true, mode: 'date' }),
    removedBy: uuid('removed_by').references(() => users.id),
  },
  (t) => [index('assignment_rules_module').on(t.moduleId), index('assignment_rules_user').on(t.userId)],
);

/** One person holding one module through one rule, pinned to the module version current when assigned. */
export const assignments = pgTable(
  'assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => assignmentRules.id),
    moduleVersionId: uuid('module_version_id')
      .notNull()
      .references(() => moduleVersions.id),
    assignedAt: timestamp('assigned_at', { withTimezone: true, mode: 'date' }).notNull(),
    dueDate: date('due_date').notNull(),
    /** When the last required scenario was passed; stored once, never recomputed. */
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    unassignedAt: timestamp('unassigned_at', { withTimezone: true, mode: 'date' }),
    /**
     * The one assignment of a module that counts for the person: of those not unassigned, the one
     * due first (then the earliest made). Someone can hold a module through several rules; reports
     * and their own page show it once. Kept by `markCurrentAssignments` wherever assignments are
     * made or unassigned.
     */
    isCurrent: boolean('is_current').notNull().default(false),
    /*
     * Progress, kept up to date in the transactions that start and finish attempts, so reports over
     * thousands of people read one row per assignment. Counts only attempts on the module's scenarios
     * made since the assignment; frozen once the assignment is completed or unassigned.
     */
    /** Attempts started on the module's scenarios. */
    attemptCount: integer('attempt_count').notNull().default(0),
    /** When the first of those attempts started. */
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    /** How many of the module's scenarios have been passed. */
    passedCount: integer('passed_count').notNull().default(0),
    /** Mean over the module's finished scenarios of each one's best overall percent; null before any finished. */
    scorePercent: doublePrecision('score_percent'),
  },
  (t) => [
    uniqueIndex('assignments_user_rule').on(t.userId, t.ruleId),
    index('assignments_rule').on(t.ruleId),
    index('assignments_version').on(t.moduleVersionId),
    index('assignments_completed').on(t.completedAt),
    index('assignments_current_user')
      .on(t.userId)
      .where(sql`${t.isCurrent}`),
  ],
);

/**
 * Each person's running totals per principle over their finished attempts, kept in the transaction
 * that finishes an attempt, so a team × principle average reads a few rows per person.
 */
export const principleTotals = pgTable(
  'principle_totals',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    principleId: text('principle_id').notNull(),
    /** Sum of the principle's percent (0–100) over the attempts that scored it. */
    percentSum: doublePrecision('percent_sum').notNull(),
    attemptCount: integer('attempt_count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.principleId] })],
);

/**
 * What was sent to the Learning Record Store: one row per finished attempt, whose statements go in
 * one request. A row with sentAt is never sent again; one without is retried after nextTryAt.
 */
export const lrsDeliveries = pgTable(
  'lrs_deliveries',
  {
    attemptId: uuid('attempt_id')
      .primaryKey()
      .references(() => attempts.id),
    /** The statement ids sent, in order; fixed for an attempt, so a resend after a crash is recognised by the store. */
    statementIds: jsonb('statement_ids').$type<string[]>().notNull(),
    /** The statements endpoint they went to. */
    endpoint: text('endpoint').notNull(),
    tries: integer('tries').notNull().default(0),
    lastTriedAt: timestamp('last_tried_at', { withTimezone: true, mode: 'date' }),
    /** The last failure, readable: an HTTP status and the store's message, or a network error. */
    lastError: text('last_error'),
    nextTryAt: timestamp('next_try_at', { withTimezone: true, mode: 'date' }),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('lrs_deliveries_pending').on(t.sentAt, t.nextTryAt)],
);

// ---- LTI 1.3 (docs/lms.md, decision 036) ----

/**
 * A learning platform (an LMS) registered to launch Frontline: its issuer, the client id it gave
 * Frontline, the deployments it may launch from, and its endpoints. Removing one keeps the row
 * (launches point at it) and frees the issuer and client id for a new registration.
 */
export const ltiPlatforms = pgTable(
  'lti_platforms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    clientId: text('client_id').notNull(),
    deploymentIds: jsonb('deployment_ids').$type<string[]>().notNull(),
    authUrl: text('auth_url').notNull(),
    tokenUrl: text('token_url').notNull(),
    jwksUrl: text('jwks_url').notNull(),
    /** A launch with the LMS role Instructor makes (or raises a trainee to) a trainer. */
    instructorsAsTrainers: boolean('instructors_as_trainers').notNull().default(false),
    createdAt: createdAt(),
    /** Null when registered from the console. */
    createdBy: uuid('created_by').references(() => users.id),
    removedAt: timestamp('removed_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('lti_platforms_issuer_client')
      .on(t.issuer, t.clientId)
      .where(sql`${t.removedAt} is null`),
  ],
);

/**
 * The tool's signing keys (RS256). The newest unretired one signs; retired ones stay published in
 * the JWKS for a day so that tokens signed just before a rotation still verify.
 */
export const ltiToolKeys = pgTable('lti_tool_keys', {
  kid: text('kid').primaryKey(),
  privateJwk: jsonb('private_jwk').$type<Record<string, unknown>>().notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
});

/** An OIDC login in flight: the state (bound to the browser by a cookie) and the nonce, each good for one launch. */
export const ltiLoginStates = pgTable(
  'lti_login_states',
  {
    state: text('state').primaryKey(),
    nonce: text('nonce').notNull(),
    platformId: uuid('platform_id')
      .notNull()
      .references(() => ltiPlatforms.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('lti_login_states_nonce').on(t.nonce), index('lti_login_states_expires').on(t.expiresAt)],
);

/** A person of a platform (issuer + sub) and the Frontline account their launches sign in to. */
export const ltiAccounts = pgTable(
  'lti_accounts',
  {
    issuer: text('issuer').notNull(),
    sub: text('sub').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    lastLaunchAt: timestamp('last_launch_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.sub] }), index('lti_accounts_user').on(t.userId)],
);

export const LTI_MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const;
export type LtiMessageType = (typeof LTI_MESSAGE_TYPES)[number];

/** One accepted launch: who, from where, what it opened, and where its grade goes. */
export const ltiLaunches = pgTable(
  'lti_launches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    platformId: uuid('platform_id')
      .notNull()
      .references(() => ltiPlatforms.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    sub: text('sub').notNull(),
    messageType: text('message_type', { enum: LTI_MESSAGE_TYPES }).notNull(),
    deploymentId: text('deployment_id').notNull(),
    /** The LMS's roles for the person in this context, as sent. */
    roles: jsonb('roles').$type<string[]>().notNull(),
    resourceLinkId: text('resource_link_id'),
    /** The LMS course, by its id and title. */
    contextId: text('context_id'),
    contextTitle: text('context_title'),
    targetScenarioId: text('target_scenario_id'),
    targetModuleId: uuid('target_module_id'),
    /** AGS: the line item the score goes to, and the scopes the platform granted. */
    lineItemUrl: text('line_item_url'),
    agsScopes: jsonb('ags_scopes').$type<string[]>().notNull().default([]),
    /** Deep linking: where the response goes, and the platform's data to echo. */
    deepLinkReturnUrl: text('deep_link_return_url'),
    deepLinkData: text('deep_link_data'),
    /** A launch shown inside the LMS's frame continues in a new window with this one-time ticket (sha256, hex). */
    openTicketHash: text('open_ticket_hash'),
    openTicketExpiresAt: timestamp('open_ticket_expires_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('lti_launches_user').on(t.userId, t.createdAt), uniqueIndex('lti_launches_open_ticket').on(t.openTicketHash)],
);

/**
 * An attempt started from a launch, and the delivery of its score to the launch's line item once
 * it finishes: retried with backoff like lrs_deliveries.
 */
export const ltiGradeDeliveries = pgTable(
  'lti_grade_deliveries',
  {
    attemptId: uuid('attempt_id')
      .primaryKey()
      .references(() => attempts.id),
    launchId: uuid('launch_id')
      .notNull()
      .references(() => ltiLaunches.id),
    tries: integer('tries').notNull().default(0),
    lastTriedAt: timestamp('last_tried_at', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    nextTryAt: timestamp('next_try_at', { withTimezone: true, mode: 'date' }),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('lti_grade_deliveries_pending').on(t.sentAt, t.nextTryAt), index('lti_grade_deliveries_launch').on(t.launchId)],
);

/**
 * A module launched from an LMS with a line item, and the delivery of the module's score once the
 * person's assignment of it completes: retried with backoff like lti_grade_deliveries.
 */
export const ltiModuleGradeDeliveries = pgTable(
  'lti_module_grade_deliveries',
  {
    launchId: uuid('launch_id')
      .primaryKey()
      .references(() => ltiLaunches.id),
    tries: integer('tries').notNull().default(0),
    lastTriedAt: timestamp('last_tried_at', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    nextTryAt: timestamp('next_try_at', { withTimezone: true, mode: 'date' }),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('lti_module_grade_deliveries_pending').on(t.sentAt, t.nextTryAt)],
);

/**
 * A SCORM 1.2 package made for a scenario (decision 038): the zip carries its id and a key, and
 * only the key's hash is kept here. The launcher inside the LMS proves with the key that it is
 * this package; revoking a package refuses its launches.
 */
export const scormPackages = pgTable('scorm_packages', {
  id: uuid('id').primaryKey().defaultRandom(),
  scenarioId: text('scenario_id').notNull(),
  /** sha256 of the package key, hex. */
  keyHash: text('key_hash').notNull(),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});

/**
 * A learner of an LMS that runs Frontline's SCORM packages (their cmi.core.student_id) and the
 * account their launches open. The learner secret is handed to the LMS at the first launch (kept in
 * the learner's cmi.suspend_data there) and asked for at every later one, so that another learner
 * who knows the id cannot open this account.
 */
export const scormAccounts = pgTable(
  'scorm_accounts',
  {
    studentId: text('student_id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** sha256 of the learner secret, hex. */
    secretHash: text('secret_hash').notNull(),
    createdAt: createdAt(),
    lastLaunchAt: timestamp('last_launch_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('scorm_accounts_user').on(t.userId)],
);

/**
 * One launch of a package: who, the attempt it plays, the one-time ticket that opens Frontline
 * (short-lived) and the token with which the launcher reads the attempt's result.
 */
export const scormLaunches = pgTable(
  'scorm_launches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    packageId: uuid('package_id')
      .notNull()
      .references(() => scormPackages.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    attemptId: uuid('attempt_id')
      .notNull()
      .references(() => attempts.id),
    /** The LMS page's origin, as its browser said. */
    lmsOrigin: text('lms_origin'),
    openTicketHash: text('open_ticket_hash'),
    openTicketExpiresAt: timestamp('open_ticket_expires_at', { withTimezone: true, mode: 'date' }),
    statusTokenHash: text('status_token_hash').notNull(),
    statusTokenExpiresAt: timestamp('status_token_expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('scorm_launches_user').on(t.userId, t.createdAt),
    index('scorm_launches_attempt').on(t.attemptId),
    uniqueIndex('scorm_launches_open_ticket').on(t.openTicketHash),
    uniqueIndex('scorm_launches_status_token').on(t.statusTokenHash),
  ],
);

/** One-time links to set a password: only a hash of the token is kept. */
export const passwordLinks = pgTable(
  'password_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** sha256 of the token in the link, hex. */
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose', { enum: ['new-account', 'reset'] }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('password_links_token_hash').on(t.tokenHash), index('password_links_user').on(t.userId)],
);

/** `account-address`: failures of one account from one client address (server/auth/throttle.ts). */
export const THROTTLE_KINDS = ['account', 'address', 'account-address'] as const;

/** Failed sign-ins, per account (the email typed) and per client address, for throttling. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: THROTTLE_KINDS }).notNull(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_failures_key_at').on(t.kind, t.key, t.at)],
);

export const MAIL_KINDS = ['set-password', 'assigned', 'due-soon', 'overdue', 'reminder'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * `queued`: to be sent (after nextTryAt); `sent` once, never again; `failed`: refused for good by the
 * mail server; `cancelled`: no longer true when its turn came (the link was replaced, the module
 * finished, the person deactivated or reminders turned off); `preview`: made in demo mode without a
 * mail server, shown on /admin/mail and never sent.
 */
export const MAIL_STATUSES = ['queued', 'sent', 'failed', 'cancelled', 'preview'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * Email to send (server/mail/), written in the transaction that causes it. `dedupeKey` names the
 * logical mail (its kind, person, assignment and period), so the same mail is never queued twice.
 * The text is made when it is sent, from `payload` and the person as they are then.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind', { enum: MAIL_KINDS }).notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The address when it was queued; it is sent to the person's address as it is at sending. */
    toAddress: text('to_address').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** A set-password token, encrypted (server/mail/sealed.ts); removed once the mail is sent or cancelled. */
    sealedToken: text('sealed_token'),
    status: text('status', { enum: MAIL_STATUSES }).notNull().default('queued'),
    /** Who caused it, when someone did (an account made, HR's reminder); null for the scheduler's. */
    requestedBy: uuid('requested_by').references(() => users.id),
    createdAt: createdAt(),
    tries: integer('tries').notNull().default(0),
    lastTriedAt: timestamp('last_tried_at', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    nextTryAt: timestamp('next_try_at', { withTimezone: true, mode: 'date' }),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    /** The Message-ID sent, fixed per row: a resend after a crash is recognisable as the same message. */
    messageId: text('message_id'),
  },
  (t) => [
    uniqueIndex('mail_outbox_dedupe_key').on(t.dedupeKey),
    index('mail_outbox_due').on(t.status, t.nextTryAt),
    index('mail_outbox_user').on(t.userId, t.createdAt),
    index('mail_outbox_created').on(t.createdAt),
  ],
);

export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-in-failed',
  'sign-in-throttled',
  'sign-out',
  'password-set',
  'password-link-created',
  'user-created',
  'user-updated',
  'role-changed',
  'user-deactivated',
  'user-reactivated',
  'users-imported',
  'person-exported',
  'person-anonymised',
  'person-erased',
  'scenario-published',
  'scenario-archived',
  'scenario-unarchived',
  'module-created',
  'module-changed',
  'module-assigned',
  'module-unassigned',
  'records-exported',
  'mail-sent',
  'reminder-requested',
  'reminders-turned-off',
  'reminders-turned-on',
  'lti-platform-added',
  'lti-platform-removed',
  'lti-key-rotated',
  'lti-launch',
  'scorm-package-downloaded',
  'scorm-launch',
  'organisation-changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Bytes as PostgreSQL stores them; node-postgres gives a Buffer, PGlite a Uint8Array. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/**
 * The organisation as certificates present it (decision 041): one row, id 1. A null name falls back
 * to FRONTLINE_ORGANISATION_NAME. The logo is a PNG or JPEG checked on upload (server/organisation/logo.ts).
 */
export const organisationSettings = pgTable(
  'organisation_settings',
  {
    id: integer('id').primaryKey().default(1),
    name: text('name'),
    signatoryName: text('signatory_name'),
    signatoryTitle: text('signatory_title'),
    logo: bytea('logo'),
    logoType: text('logo_type', { enum: ['image/png', 'image/jpeg'] }),
    logoWidth: integer('logo_width'),
    logoHeight: integer('logo_height'),
    /** Who changed it is in the audit log, which erasure handles; the row names nobody. */
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [check('organisation_settings_one_row', sql`${t.id} = 1`)],
);

/** Who did what, when: append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The signed-in user who acted; null for anonymous events such as a failed sign-in. */
    actorId: uuid('actor_id').references(() => users.id),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    /** The person acted on, when there is one. */
    targetUserId: uuid('target_user_id').references(() => users.id),
    /** What else was acted on, readable: a scenario id, a module, an email typed at sign-in. */
    subject: text('subject'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** The client address the request came from. */
    address: text('address'),
  },
  (t) => [
    index('audit_log_at').on(t.at),
    index('audit_log_action_at').on(t.action, t.at),
    index('audit_log_actor_at').on(t.actorId, t.at),
    index('audit_log_target_at').on(t.targetUserId, t.at),
  ],
);

export type User = typeof users.$inferSelect;
export type PasswordLink = typeof passwordLinks.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type Attempt = typeof attempts.$inferSelect;
export type AttemptEvent = typeof attemptEvents.$inferSelect;
export type AttemptRetriedDecision = typeof attemptRetriedDecisions.$inferSelect;
export type AttemptTimeModeChange = typeof attemptTimeModeChanges.$inferSelect;
export type TypedReply = typeof typedReplies.$inferSelect;
export type ScenarioVersion = typeof scenarioVersions.$inferSelect;
export type Module = typeof modules.$inferSelect;
export type ModuleVersion = typeof moduleVersions.$inferSelect;
export type AssignmentRule = typeof assignmentRules.$inferSelect;
export type Assignment = typeof assignments.$inferSelect;
export type PrincipleTotal = typeof principleTotals.$inferSelect;
export type LrsDelivery = typeof lrsDeliveries.$inferSelect;
export type MailOutboxRow = typeof mailOutbox.$inferSelect;
export type ScenarioDraft = typeof scenarioDrafts.$inferSelect;
export type ScenarioDraftRevision = typeof scenarioDraftRevisions.$inferSelect;
export type LtiPlatform = typeof ltiPlatforms.$inferSelect;
export type LtiLaunch = typeof ltiLaunches.$inferSelect;
export type LtiAccount = typeof ltiAccounts.$inferSelect;
export type LtiGradeDelivery = typeof ltiGradeDeliveries.$inferSelect;
export type LtiModuleGradeDelivery = typeof ltiModuleGradeDeliveries.$inferSelect;
export type ScormPackage = typeof scormPackages.$inferSelect;
export type ScormAccount = typeof scormAccounts.$inferSelect;
export type ScormLaunch = typeof scormLaunches.$inferSelect;
