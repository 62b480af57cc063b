import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { retryLastReply, setAttemptTimeMode, startAttempt, submitChoice } from '../training/attempts';
import { recordAudit } from './audit';
import type { Database } from '../db';
import {
  assignmentRules,
  attemptEvents,
  attemptRetriedDecisions,
  assignments,
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
  scenarioDraftRevisions,
  scenarioDrafts,
  scenarios,
  signInFailures,
  users,
  type User,
  typedReplies,
} from '../db/schema';
import { RecordNotFoundError } from '../platform/errors';
import { anonymisedEmail, anonymisedName, anonymisePerson, erasePerson, exportPerson, PrivacyRefusedError } from './privacy';
import { PERSON_EXPORT_FORMAT, PERSONAL_DATA, type PersonKeys } from './personal-data';
import { publishBuiltinScenarios, publishVersion } from '../training/library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

async function query<T>(db: Database, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

// ---- Finding personal data from the database's own catalogue ----

interface Finding {
  table: string;
  column: string;
  why: string;
}

/**
 * Every (table, column) the schema says can hold data about a person:
 * 1. a foreign key to users.id;
 * 2. a required (NOT NULL) foreign key to a table whose rows belong to a person, where "belong"
 *    means a required foreign key to users.id or, again, to such a table (attempt_events through
 *    attempts): those rows exist only as part of a person's record;
 * 3. a column named email, name, address or key, or ending in _email, _name or _address (a
 *    throttling key is the email typed at sign-in).
 */
async function findPersonalData(db: Database): Promise<Finding[]> {
  const foreignKeys = await query<{ table: string; column: string; notNull: boolean; references: string }>(
    db,
    sql`select cl.relname as "table", a.attname as "column", a.attnotnull as "notNull", ref.relname as "references"
        from pg_constraint c
        join pg_class cl on cl.oid = c.conrelid
        join pg_namespace n on n.oid = cl.relnamespace
        join pg_class ref on ref.oid = c.confrelid
        cross join lateral unnest(c.conkey) as k(attnum)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
        where c.contype = 'f' and n.nspname = 'public'`,
  );
  const findings: Finding[] = foreignKeys.filter((fk) => fk.references === 'users').map((fk) => ({ table: fk.table, column: fk.column, why: 'a foreign key to users.id' }));

  const belongs = new Set(foreignKeys.filter((fk) => fk.references === 'users' && fk.notNull).map((fk) => fk.table));
  for (let grew = true; grew;) {
    grew = false;
    for (const fk of foreignKeys) {
      if (fk.notNull && belongs.has(fk.references) && fk.references !== 'users' && !findings.some((f) => f.table === fk.table && f.column === fk.column)) {
        findings.push({ table: fk.table, column: fk.column, why: `a required foreign key to ${fk.references}, whose rows belong to a person` });
        grew = !belongs.has(fk.table) || grew;
        belongs.add(fk.table);
      }
    }
  }

  const named = await query<{ table: string; column: string }>(
    db,
    sql`select table_name as "table", column_name as "column" from information_schema.columns
        where table_schema = 'public' and (column_name in ('email', 'name', 'address', 'key') or column_name ~ '_(email|name|address)$')`,
  );
  for (const c of named) findings.push({ table: c.table, column: c.column, why: 'a column named for personal data' });
  return findings;
}

function uncovered(findings: Finding[]): string[] {
  return findings.flatMap((f) => {
    const entry = PERSONAL_DATA[f.table];
    if (!entry) return [`table ${f.table} holds data about a person (${f.column}: ${f.why}) but PERSONAL_DATA does not cover it`];
    if (!(f.column in entry.columns)) return [`column ${f.table}.${f.column} (${f.why}) is not described in PERSONAL_DATA.${f.table}.columns`];
    return [];
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every text and JSON column of every table that contains the email (as a whole address) or the name. */
async function whereStringsRemain(db: Database, person: { email: string; name: string }): Promise<string[]> {
  const columns = await query<{ table: string; column: string }>(
    db,
    sql`select table_name as "table", column_name as "column" from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'character', 'json', 'jsonb')`,
  );
  const emailRegex = `(^|[^a-z0-9._%+-])${escapeRegExp(person.email)}($|[^a-z0-9-])`;
  const hits: string[] = [];
  for (const { table, column } of columns) {
    const value = sql`${sql.identifier(column)}::text`;
    const [row] = await query<{ n: number }>(
      db,
      sql`select count(*)::int as n from ${sql.identifier(table)} where ${value} ~* ${emailRegex} or position(lower(${person.name}) in lower(${value})) > 0`,
    );
    if (row!.n > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}

async function publicTables(db: Database): Promise<string[]> {
  const rows = await query<{ table: string }>(db, sql`select table_name as "table" from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
  return rows.map((r) => r.table).sort();
}

/** Every row of every table that is not about the person, as text, to check they are left alone. */
async function rowsNotAbout(db: Database, person: PersonKeys): Promise<Record<string, string[]>> {
  const snapshot: Record<string, string[]> = {};
  for (const table of await publicTables(db)) {
    const about = PERSONAL_DATA[table]?.about(person);
    const where = about ? sql`where not coalesce(${about}, false)` : sql``;
    const rows = await query<{ row: string }>(db, sql`select row_to_json(${sql.identifier(table)})::text as row from ${sql.identifier(table)} ${where}`);
    snapshot[table] = rows.map((r) => r.row).sort();
  }
  return snapshot;
}

async function allRows(db: Database): Promise<Record<string, string[]>> {
  const snapshot: Record<string, string[]> = {};
  for (const table of await publicTables(db)) {
    snapshot[table] = (await query<{ row: string }>(db, sql`select row_to_json(${sql.identifier(table)})::text as row from ${sql.identifier(table)}`)).map((r) => r.row).sort();
  }
  return snapshot;
}

async function countAbout(db: Database, table: string, person: PersonKeys): Promise<number> {
  const [row] = await query<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)} where ${PERSONAL_DATA[table]!.about(person)}`);
  return row!.n;
}

// ---- The tests ----

describe.each(testBackends())('personal data on %s', (kind) => {
  let database: TestDatabase;
  let db: Database;
  let admin: User;
  let bystander: User;
  let neighbour: User;

  const addUser = async (values: Partial<typeof users.$inferInsert> & { email: string; name: string }) =>
    (
      await db
        .insert(users)
        .values({ role: 'trainee', ...values })
        .returning()
    )[0]!;

  /** Plays the first open choice at each of `choices` decisions. */
  async function play(userId: string, scenarioId: string, choices: number) {
    const attemptId = await startAttempt(db, userId, scenarioId, 'off');
    for (let seq = 0; seq < choices; seq++) {
      const refused = await submitChoice(db, { attemptId, userId, seq, event: 'not-a-choice' });
      if (refused.status !== 'conflict' || !('open' in refused) || !refused.open?.length) throw new Error(`no open choice at ${seq}: ${JSON.stringify(refused)}`);
      const reply = await submitChoice(db, { attemptId, userId, seq, event: refused.open[0]! });
      if (reply.status !== 'applied') throw new Error(`choice not applied: ${JSON.stringify(reply)}`);
    }
    return attemptId;
  }

  /** Plays the first open choice at every decision until the attempt ends. */
  async function playToTheEnd(userId: string, scenarioId: string) {
    const attemptId = await startAttempt(db, userId, scenarioId, 'off');
    for (let seq = 0; seq < 100; seq++) {
      const refused = await submitChoice(db, { attemptId, userId, seq, event: 'not-a-choice' });
      if (refused.status === 'conflict' && refused.reason === 'finished') return attemptId;
      if (refused.status !== 'conflict' || !('open' in refused) || !refused.open?.length) throw new Error(`no open choice at ${seq}: ${JSON.stringify(refused)}`);
      await submitChoice(db, { attemptId, userId, seq, event: refused.open[0]! });
    }
    throw new Error(`${scenarioId} did not end in 100 choices`);
  }

  /** A person with rows in every table PERSONAL_DATA covers, some of them written by an admin. */
  async function seedPerson(name: string, email: string, address: string): Promise<User> {
    const person = await addUser({ name, email, team: 'Returns', startDate: '2026-03-17', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', lastSignInAt: new Date() });
    const coached = await play(person.id, 'closing-well', 2);
    // A reply taken back to try again (coaching), in words naming them; the decision answered again.
    await retryLastReply(db, { attemptId: coached, userId: person.id, seq: 1 });
    await db
      .update(attemptRetriedDecisions)
      .set({ typedText: `This is ${name}, sorry about that` })
      .where(eq(attemptRetriedDecisions.attemptId, coached));
    const open = await submitChoice(db, { attemptId: coached, userId: person.id, seq: 1, event: 'not-a-choice' });
    if (open.status !== 'conflict' || !('open' in open) || !open.open?.length) throw new Error(`no open choice: ${JSON.stringify(open)}`);
    await submitChoice(db, { attemptId: coached, userId: person.id, seq: 1, event: open.open[0]! });
    const timed = await play(person.id, 'forty-minutes-on-hold', 1);
    // A change of time limits, recorded on the attempt.
    await setAttemptTimeMode(db, timed, person.id, 'extended');
    // Words the person typed in their own words, naming themselves.
    await db
      .insert(typedReplies)
      .values({ attemptId: timed, seq: 0, stateName: 'opening', text: `Hello, it is ${name}, let me look into this`, understoodEvent: null, confidence: 0.1 });
    await db
      .update(attemptEvents)
      .set({ typedText: `${name} here, I will sort this out` })
      .where(and(eq(attemptEvents.attemptId, timed), eq(attemptEvents.seq, 0)));
    // A finished attempt: it adds to the principle totals, and was sent to a Learning Record Store.
    const finished = await playToTheEnd(person.id, 'closing-well');
    await db
      .insert(lrsDeliveries)
      .values({ attemptId: finished, statementIds: [randomUUID()], endpoint: 'https://lrs.example.test/xapi/statements', tries: 1, sentAt: new Date() });
    // An LMS they registered, launched Frontline from (linked to their account), and whose gradebook got the score.
    const lms = `https://lms-${person.id}.example.test`;
    const [platform] = await db
      .insert(ltiPlatforms)
      .values({
        name: 'Campus LMS',
        issuer: lms,
        clientId: 'c1',
        deploymentIds: ['1'],
        authUrl: `${lms}/auth`,
        tokenUrl: `${lms}/token`,
        jwksUrl: `${lms}/jwks`,
        createdBy: person.id,
      })
      .returning();
    await db.insert(ltiAccounts).values({ issuer: lms, sub: `lms-user-${person.id}`, userId: person.id, lastLaunchAt: new Date() });
    const [launch] = await db
      .insert(ltiLaunches)
      .values({
        platformId: platform!.id,
        userId: person.id,
        sub: `lms-user-${person.id}`,
        messageType: 'LtiResourceLinkRequest',
        deploymentId: '1',
        roles: ['Learner'],
        contextTitle: 'Returns 101',
        targetScenarioId: 'closing-well',
      })
      .returning();
    await db.insert(ltiGradeDeliveries).values({ attemptId: finished, launchId: launch!.id, tries: 1, sentAt: new Date() });
    // A module launch from the same LMS, whose score was sent once the module completed.
    const [moduleLaunch] = await db
      .insert(ltiLaunches)
      .values({ platformId: platform!.id, userId: person.id, sub: `lms-user-${person.id}`, messageType: 'LtiResourceLinkRequest', deploymentId: '1', roles: ['Learner'] })
      .returning();
    await db.insert(ltiModuleGradeDeliveries).values({ launchId: moduleLaunch!.id, tries: 1, sentAt: new Date() });
    // A SCORM package they downloaded, their id in the LMS that runs it, and a launch from it.
    const [scormPackage] = await db
      .insert(scormPackages)
      .values({ scenarioId: 'closing-well', keyHash: randomBytes(32).toString('hex'), createdBy: person.id })
      .returning();
    await db.insert(scormAccounts).values({ studentId: `student-${person.id}`, userId: person.id, secretHash: randomBytes(32).toString('hex'), lastLaunchAt: new Date() });
    await db.insert(scormLaunches).values({
      packageId: scormPackage!.id,
      userId: person.id,
      attemptId: finished,
      lmsOrigin: 'https://lms.example.test',
      openTicketHash: randomBytes(32).toString('hex'),
      openTicketExpiresAt: new Date(Date.now() + 60_000),
      statusTokenHash: randomBytes(32).toString('hex'),
      statusTokenExpiresAt: new Date(Date.now() + 60_000),
    });
    await db.insert(passwordLinks).values([
      {
        userId: person.id,
        tokenHash: randomBytes(32).toString('hex'),
        purpose: 'new-account',
        createdBy: admin.id,
        expiresAt: new Date(Date.now() + 86_400_000),
        usedAt: new Date(),
      },
      // A link the person made for someone else: that one is the other person's.
      { userId: bystander.id, tokenHash: randomBytes(32).toString('hex'), purpose: 'reset', createdBy: person.id, expiresAt: new Date(Date.now() + 86_400_000) },
    ]);
    // Mail to the person, and a reminder the person (as HR) asked to be sent to someone else.
    await db.insert(mailOutbox).values([
      { dedupeKey: `reminder:${person.id}:2026-11-20`, kind: 'reminder', userId: person.id, toAddress: email, payload: { modules: [] }, status: 'sent', sentAt: new Date() },
      { dedupeKey: `reminder:${bystander.id}:${person.id}`, kind: 'reminder', userId: bystander.id, toAddress: bystander.email, payload: { modules: [] }, requestedBy: person.id },
    ]);
    await db.insert(signInFailures).values([
      { kind: 'account', key: email },
      { kind: 'address', key: address },
    ]);
    await recordAudit(db, {
      action: 'user-created',
      actorId: admin.id,
      targetUserId: person.id,
      address: '203.0.113.1',
      details: { email, name, team: 'Returns', role: 'trainee' },
    });
    await recordAudit(db, { action: 'sign-in', actorId: person.id, targetUserId: person.id, address, details: { via: 'password' } });
    await recordAudit(db, {
      action: 'sign-in-failed',
      actorId: null,
      targetUserId: person.id,
      subject: email.toUpperCase(),
      address,
      details: { via: 'password', reason: 'password' },
    });
    await recordAudit(db, { action: 'sign-in-throttled', actorId: null, subject: ` ${email}`, address, details: { limit: 'account' } });
    await recordAudit(db, {
      action: 'users-imported',
      actorId: admin.id,
      address: '203.0.113.1',
      details: {
        created: [
          { email, name },
          { email: bystander.email, name: bystander.name },
        ],
      },
    });
    const fixture = { ...fixtureScenario(), id: `fixture-${person.id.slice(0, 8)}` };
    await publishVersion(db, fixture, asText(fixture), 'authored', { userId: person.id, changeNote: `First draft by ${name}.` });
    // They archived it, and keep a draft of it whose text names them.
    await db.update(scenarios).set({ archivedAt: new Date(), archivedBy: person.id }).where(eq(scenarios.id, fixture.id));
    const draftText = asText({ ...fixture, meta: { ...fixture.meta, summary: `Notes by ${name} (${email}).` } });
    await db.insert(scenarioDrafts).values({ scenarioId: fixture.id, source: draftText, revision: 1, updatedAt: new Date(), updatedBy: person.id });
    await db
      .insert(scenarioDraftRevisions)
      .values({ scenarioId: fixture.id, revision: 1, kind: 'imported', source: draftText, note: `Imported for ${name}.`, savedAt: new Date(), savedBy: person.id });
    // A module the person made, and one assigned to them by the admin.
    const [own] = await db.insert(modules).values({ createdBy: person.id }).returning();
    await db.insert(moduleVersions).values({ moduleId: own!.id, version: 1, title: 'Returns basics', steps: ['closing-well'], defaultDueDays: 14, createdBy: person.id });
    const [assigned] = await db.insert(modules).values({ createdBy: admin.id }).returning();
    const [version] = await db
      .insert(moduleVersions)
      .values({ moduleId: assigned!.id, version: 1, title: 'First week', steps: ['closing-well', 'forty-minutes-on-hold'], defaultDueDays: 7, createdBy: admin.id })
      .returning();
    const [rule] = await db.insert(assignmentRules).values({ moduleId: assigned!.id, kind: 'person', userId: person.id, createdBy: admin.id }).returning();
    await db.insert(assignments).values({ userId: person.id, ruleId: rule!.id, moduleVersionId: version!.id, assignedAt: new Date(), dueDate: '2026-12-01' });
    return person;
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
    await publishBuiltinScenarios(db, path.join(process.cwd(), 'scenarios'));
    admin = await addUser({ name: 'Ada Admin', email: 'ada@example.test', role: 'admin' });
    bystander = await addUser({ name: 'Bo Bystander', email: 'bo@example.test' });
    await play(bystander.id, 'closing-well', 1);
    await db.insert(signInFailures).values({ kind: 'account', key: bystander.email });
    await recordAudit(db, { action: 'sign-in', actorId: bystander.id, targetUserId: bystander.id, address: '192.0.2.99' });
  });
  afterAll(() => database?.dispose());

  it('covers every table the database says can hold data about a person', async () => {
    const findings = await findPersonalData(db);
    expect(uncovered(findings)).toEqual([]);
    // The rules found what this schema is known to hold, so they are not vacuous.
    expect(new Set(findings.map((f) => f.table))).toEqual(new Set(Object.keys(PERSONAL_DATA)));
    expect(findings).toContainEqual(expect.objectContaining({ table: 'attempt_events', column: 'attempt_id' }));
    expect(findings).toContainEqual(expect.objectContaining({ table: 'sign_in_failures', column: 'key' }));

    // And the registry names no table or column the database does not have.
    const columns = await query<{ table: string; column: string }>(
      db,
      sql`select table_name as "table", column_name as "column" from information_schema.columns where table_schema = 'public'`,
    );
    const existing = new Set(columns.map((c) => `${c.table}.${c.column}`));
    const stale = Object.entries(PERSONAL_DATA)
      .flatMap(([table, entry]) => Object.keys(entry.columns).map((c) => `${table}.${c}`))
      .filter((c) => !existing.has(c));
    expect(stale).toEqual([]);
  });

  it('names a new table that links to people and is not covered', async () => {
    await db.execute(sql`create table probe_notes (id serial primary key, author_id uuid not null references users(id))`);
    await db.execute(sql`create table probe_note_tags (note_id integer not null references probe_notes(id), tag text)`);
    await db.execute(sql`create table probe_contacts (id serial primary key, contact_email text)`);
    try {
      expect(uncovered(await findPersonalData(db))).toEqual([
        'table probe_notes holds data about a person (author_id: a foreign key to users.id) but PERSONAL_DATA does not cover it',
        'table probe_note_tags holds data about a person (note_id: a required foreign key to probe_notes, whose rows belong to a person) but PERSONAL_DATA does not cover it',
        'table probe_contacts holds data about a person (contact_email: a column named for personal data) but PERSONAL_DATA does not cover it',
      ]);
    } finally {
      await db.execute(sql`drop table probe_note_tags, probe_notes, probe_contacts`);
    }
  });

  let zephyrine: User;

  it('exports everything held about a person, every covered table with their rows', async () => {
    zephyrine = await seedPerson('Zephyrine Quastlebottom', 'zephyrine.q@example.test', '198.51.100.20');
    // Someone whose email ends in hers, to show matching takes whole addresses.
    neighbour = await seedPerson('Nell Neighbour', 'mr.zephyrine.q@example.test', '198.51.100.21');
    // An admin typed her name, in their own way, as the certificates' signatory.
    await db
      .insert(organisationSettings)
      .values({ signatoryName: ' zephyrine QUASTLEBOTTOM', signatoryTitle: 'Head of Training' })
      .onConflictDoUpdate({ target: organisationSettings.id, set: { signatoryName: ' zephyrine QUASTLEBOTTOM', signatoryTitle: 'Head of Training' } });
    const document = await exportPerson(db, zephyrine.id, new Date('2026-11-23T09:00:00Z'));
    expect(document.certificateSignatory).toEqual([{ signatoryName: ' zephyrine QUASTLEBOTTOM', signatoryTitle: 'Head of Training' }]);
    const keys = { id: zephyrine.id, email: zephyrine.email, name: zephyrine.name };

    expect(document).toMatchObject({ format: PERSON_EXPORT_FORMAT, exportedAt: '2026-11-23T09:00:00.000Z' });
    for (const [table, entry] of Object.entries(PERSONAL_DATA)) {
      const rows = entry.exported(document);
      expect(rows.length, `${table} in the export`).toBeGreaterThan(0);
      expect(rows.length, `${table} in the export`).toBe(await countAbout(db, table, keys));
      expect(document.contents[table]).toBe(entry.exportedAs);
    }

    expect(document.person).toMatchObject({ id: zephyrine.id, email: 'zephyrine.q@example.test', name: 'Zephyrine Quastlebottom', team: 'Returns', hasPassword: true });
    expect(document.person).not.toHaveProperty('passwordHash');
    expect(document.attempts.map((a) => [a.scenario.id, a.events.length])).toEqual([
      ['closing-well', 2],
      ['forty-minutes-on-hold', 1],
      ['closing-well', 5],
    ]);
    expect(document.attempts[0]!.events[0]).toMatchObject({ seq: 0, elapsedMs: expect.any(Number), createdAt: expect.stringMatching(/Z$/) });
    expect(document.passwordLinks).toEqual([expect.objectContaining({ purpose: 'new-account', createdBy: admin.id })]);
    expect(document.passwordLinks[0]).not.toHaveProperty('tokenHash');
    expect(document.signInFailures).toHaveLength(1);
    expect(document.auditEntries.map((e) => e.action).sort()).toEqual(['scenario-published', 'sign-in', 'sign-in-failed', 'sign-in-throttled', 'user-created', 'users-imported']);
    expect(document.publishedScenarioVersions).toEqual([expect.objectContaining({ changeNote: 'First draft by Zephyrine Quastlebottom.', version: 1 })]);
    expect(document.scenarioDraftRevisions).toEqual([expect.objectContaining({ revision: 1, note: 'Imported for Zephyrine Quastlebottom.' })]);
    expect(document.assignments).toEqual([
      expect.objectContaining({ userId: zephyrine.id, dueDate: '2026-12-01', completedAt: null, module: expect.objectContaining({ title: 'First week', version: 1 }) }),
    ]);
    expect(document.assignmentRules).toEqual([expect.objectContaining({ kind: 'person', userId: zephyrine.id, createdBy: admin.id })]);
    expect(document.createdModules).toEqual([expect.objectContaining({ createdBy: zephyrine.id })]);
    expect(document.createdModuleVersions).toEqual([expect.objectContaining({ title: 'Returns basics', version: 1 })]);

    // No secret is in the download: not the password hash, not a token hash.
    const text = JSON.stringify(document);
    expect(text).not.toContain(zephyrine.passwordHash!);
    const [link] = await db.select().from(passwordLinks).where(eq(passwordLinks.userId, zephyrine.id));
    expect(text).not.toContain(link!.tokenHash);
    // Nor the SCORM learner secret, package key or launch tokens, even hashed.
    const [scormLink] = await db.select().from(scormAccounts).where(eq(scormAccounts.userId, zephyrine.id));
    const [scormLaunch] = await db.select().from(scormLaunches).where(eq(scormLaunches.userId, zephyrine.id));
    const [scormPackage] = await db.select().from(scormPackages).where(eq(scormPackages.createdBy, zephyrine.id));
    for (const hash of [scormLink!.secretHash, scormLaunch!.statusTokenHash, scormLaunch!.openTicketHash!, scormPackage!.keyHash]) expect(text).not.toContain(hash);
    // The neighbour's rows are not hers.
    expect(text).not.toContain(neighbour.id);
  });

  it('refuses an unknown person', async () => {
    await expect(exportPerson(db, '00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(exportPerson(db, 'not-an-id')).rejects.toBeInstanceOf(RecordNotFoundError);
    await expect(anonymisePerson(db, '00000000-0000-4000-8000-000000000000', { id: admin.id })).rejects.toBeInstanceOf(RecordNotFoundError);
  });

  it('anonymises: no row anywhere names the person, training records stay, other people are untouched', async () => {
    const keys = { id: zephyrine.id, email: zephyrine.email, name: zephyrine.name };
    const others = await rowsNotAbout(db, keys);
    const attemptsBefore = await countAbout(db, 'attempts', keys);
    const eventsBefore = await countAbout(db, 'attempt_events', keys);
    expect(await whereStringsRemain(db, zephyrine)).not.toEqual([]);

    const report = await anonymisePerson(db, zephyrine.id, { id: admin.id, address: '203.0.113.1' }, new Date('2026-11-23T10:00:00Z'));
    expect(report).toEqual({ passwordLinks: 1, signInFailures: 1, auditEntriesScrubbed: 5, typedReplies: 1, mail: 1, ltiAccounts: 1, scormAccounts: 1 });
    // Their launches stay for the grade history, without their id in the LMS.
    expect((await db.select({ sub: ltiLaunches.sub }).from(ltiLaunches).where(eq(ltiLaunches.userId, zephyrine.id))).map((l) => l.sub)).toEqual(['', '']);
    // Her SCORM launches stay with her attempts, without their one-time ticket; her LMS id is gone.
    expect((await db.select({ ticket: scormLaunches.openTicketHash }).from(scormLaunches).where(eq(scormLaunches.userId, zephyrine.id))).map((l) => l.ticket)).toEqual([null]);
    expect(await db.select().from(scormAccounts).where(eq(scormAccounts.userId, zephyrine.id))).toEqual([]);

    expect(await whereStringsRemain(db, zephyrine)).toEqual([]);
    const after = await allRows(db);
    for (const [table, rows] of Object.entries(others)) {
      const missing = rows.filter((row) => !after[table]!.includes(row));
      expect(missing, `rows of other people in ${table}`).toEqual([]);
    }

    const [row] = await db.select().from(users).where(eq(users.id, zephyrine.id));
    expect(row).toMatchObject({
      email: anonymisedEmail(zephyrine.id),
      name: anonymisedName(zephyrine.id),
      team: 'Returns',
      startDate: '2026-03-01',
      passwordHash: null,
      active: false,
      lastSignInAt: null,
      tokenVersion: zephyrine.tokenVersion + 1,
      anonymisedAt: new Date('2026-11-23T10:00:00Z'),
    });
    expect(row!.name).toMatch(/^Former user [0-9a-f]{8}$/);
    const anonymised = { id: zephyrine.id, email: row!.email, name: row!.name };
    expect(await countAbout(db, 'attempts', anonymised)).toBe(attemptsBefore);
    expect(await countAbout(db, 'attempt_events', anonymised)).toBe(eventsBefore);
    expect(await countAbout(db, 'password_links', anonymised)).toBe(0);
    expect(await db.select().from(passwordLinks).where(eq(passwordLinks.createdBy, zephyrine.id))).toHaveLength(1);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.userId, zephyrine.id))).toEqual([]);
    expect(await db.select().from(mailOutbox).where(eq(mailOutbox.requestedBy, zephyrine.id))).toHaveLength(1);
    expect(await db.select().from(signInFailures).where(eq(signInFailures.key, '198.51.100.20'))).toHaveLength(1);

    const entries = await db.select().from(auditLog).where(PERSONAL_DATA.audit_log!.about(anonymised)).orderBy(auditLog.at);
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
    // Her own requests and the failed sign-ins with her email lose their address; the admin's keep theirs.
    expect(byAction['sign-in']!.address).toBeNull();
    expect(byAction['sign-in-failed']).toMatchObject({ subject: anonymisedEmail(zephyrine.id), address: null });
    expect(byAction['sign-in-throttled']).toMatchObject({ subject: ` ${anonymisedEmail(zephyrine.id)}`, address: null });
    expect(byAction['user-created']).toMatchObject({
      address: '203.0.113.1',
      details: { email: anonymisedEmail(zephyrine.id), name: anonymisedName(zephyrine.id), team: 'Returns' },
    });
    expect(byAction['users-imported']!.details).toEqual({
      created: [
        { email: anonymisedEmail(zephyrine.id), name: anonymisedName(zephyrine.id) },
        { email: bystander.email, name: bystander.name },
      ],
    });
    expect(byAction['person-anonymised']).toMatchObject({ actorId: admin.id, targetUserId: zephyrine.id, subject: null, address: '203.0.113.1', details: report });

    // The neighbour, whose email ends in hers, keeps every row.
    const neighbourKeys = { id: neighbour.id, email: neighbour.email, name: neighbour.name };
    const neighbourRows = await db.select().from(auditLog).where(PERSONAL_DATA.audit_log!.about(neighbourKeys));
    expect(neighbourRows.find((e) => e.action === 'sign-in-failed')!.subject).toBe('MR.ZEPHYRINE.Q@EXAMPLE.TEST');
    expect(await countAbout(db, 'sign_in_failures', neighbourKeys)).toBe(1);
  });

  it('erases: as anonymising, and the person’s attempts and choices are gone', async () => {
    const quillon = await seedPerson('Quillon Vantablack', 'quillon.v@example.test', '198.51.100.30');
    const keys = { id: quillon.id, email: quillon.email, name: quillon.name };
    const others = await rowsNotAbout(db, keys);
    const expected = {
      attempts: await countAbout(db, 'attempts', keys),
      attemptEvents: await countAbout(db, 'attempt_events', keys),
      assignments: await countAbout(db, 'assignments', keys),
      principleTotals: await countAbout(db, 'principle_totals', keys),
      lrsDeliveries: await countAbout(db, 'lrs_deliveries', keys),
      ltiLaunches: await countAbout(db, 'lti_launches', keys),
      ltiGradeDeliveries: await countAbout(db, 'lti_grade_deliveries', keys),
      ltiModuleGradeDeliveries: await countAbout(db, 'lti_module_grade_deliveries', keys),
      scormLaunches: await countAbout(db, 'scorm_launches', keys),
      attemptTimeModeChanges: await countAbout(db, 'attempt_time_mode_changes', keys),
      attemptRetriedDecisions: await countAbout(db, 'attempt_retried_decisions', keys),
    };
    expect(expected).toMatchObject({
      attempts: 3,
      attemptEvents: 8,
      assignments: 1,
      lrsDeliveries: 1,
      ltiLaunches: 2,
      ltiGradeDeliveries: 1,
      ltiModuleGradeDeliveries: 1,
      scormLaunches: 1,
      attemptTimeModeChanges: 1,
      attemptRetriedDecisions: 1,
    });
    expect(expected.principleTotals).toBeGreaterThan(0);

    const report = await erasePerson(db, quillon.id, { id: admin.id, address: '203.0.113.1' });
    expect(report).toEqual({ ...expected, passwordLinks: 1, signInFailures: 1, auditEntriesScrubbed: 5, typedReplies: 1, mail: 1, ltiAccounts: 1, scormAccounts: 1 });

    expect(await whereStringsRemain(db, quillon)).toEqual([]);
    expect(await countAbout(db, 'attempts', keys)).toBe(0);
    expect(await countAbout(db, 'attempt_events', keys)).toBe(0);
    expect(await countAbout(db, 'assignments', keys)).toBe(0);
    expect(await countAbout(db, 'principle_totals', keys)).toBe(0);
    expect(await countAbout(db, 'lrs_deliveries', keys)).toBe(0);
    expect(await countAbout(db, 'lti_launches', keys)).toBe(0);
    expect(await countAbout(db, 'lti_accounts', keys)).toBe(0);
    expect(await countAbout(db, 'scorm_launches', keys)).toBe(0);
    expect(await countAbout(db, 'lti_module_grade_deliveries', keys)).toBe(0);
    expect(await countAbout(db, 'scorm_accounts', keys)).toBe(0);
    // The module the person made stays, for those assigned to it.
    expect(await countAbout(db, 'modules', keys)).toBe(1);
    const after = await allRows(db);
    for (const [table, rows] of Object.entries(others)) {
      expect(
        rows.filter((row) => !after[table]!.includes(row)),
        `rows of other people in ${table}`,
      ).toEqual([]);
    }
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.action, 'person-erased'));
    expect(entry).toMatchObject({ actorId: admin.id, targetUserId: quillon.id, subject: null, details: report });
    // What is left still exports, without identity.
    const document = await exportPerson(db, quillon.id);
    expect(document.attempts).toEqual([]);
    expect(document.assignments).toEqual([]);
    expect(document.person).toMatchObject({ name: anonymisedName(quillon.id), hasPassword: false, active: false });
  });

  it('does it all in one transaction: a failure part way changes nothing', async () => {
    const person = await seedPerson('Ottilie Partway', 'ottilie@example.test', '198.51.100.40');
    // Someone already holds the placeholder email, so the last step (the account row) fails.
    const blocker = await addUser({ name: 'Blocker', email: anonymisedEmail(person.id) });
    const before = await allRows(db);
    await expect(anonymisePerson(db, person.id, { id: admin.id })).rejects.toThrow();
    await expect(erasePerson(db, person.id, { id: admin.id })).rejects.toThrow();
    expect(await allRows(db)).toEqual(before);
    await db.delete(users).where(eq(users.id, blocker.id));
  });

  it('refuses to act on the admin’s own account', async () => {
    const before = await allRows(db);
    await expect(anonymisePerson(db, admin.id, { id: admin.id })).rejects.toThrow(PrivacyRefusedError);
    await expect(erasePerson(db, admin.id.toUpperCase(), { id: admin.id })).rejects.toThrow(/your own account/);
    expect(await allRows(db)).toEqual(before);
  });

  it('lets one of two admins acting on each other at once win, and never removes the last active admin', async () => {
    const other = await addUser({ name: 'Cy Admin', email: 'cy@example.test', role: 'admin' });
    const results = await Promise.allSettled([anonymisePerson(db, admin.id, { id: other.id }), erasePerson(db, other.id, { id: admin.id })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(PrivacyRefusedError);
    expect(refused.reason.message).toMatch(/last active administrator/);

    const activeAdmins = await db
      .select()
      .from(users)
      .where(sql`${users.role} = 'admin' and ${users.active}`);
    expect(activeAdmins).toHaveLength(1);
    const [survivor] = activeAdmins;
    const loser = survivor!.id === admin.id ? other : admin;
    await expect(anonymisePerson(db, survivor!.id, { id: loser.id })).rejects.toThrow(/last active administrator/);
  });
});
