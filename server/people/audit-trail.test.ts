import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asText, fixtureScenario } from '@/machines/test-fixtures/scenarios';
import { summariseDetails } from '@/lib/audit-labels';
import { auditLog, users, type User } from '../db/schema';
import { createAssignmentRule } from '../onboarding/assignments';
import { createModule, updateModule } from '../onboarding/modules';
import { publishBuiltinScenarios } from '../training/library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';
import { createUser, updateUser } from './accounts';
import { auditCsv, AUDIT_CSV_COLUMNS } from './audit-export';
import { allAuditEntries, listAuditEntries } from './audit-search';
import { importUsersFromCsv } from './new-hire-import';

/**
 * What the audit log keeps of modules and of assignments, whichever way they were made, and how it
 * reads them back: titles for ids, names for people, and the CSV export of a filtered view.
 */

const T0 = new Date('2026-12-07T09:00:00Z');
const ADDRESS = '198.51.100.23';

describe.each(testBackends())('the audit trail of modules and assignments on %s', (kind) => {
  let database: TestDatabase;
  let hr: User;
  let admin: User;
  let moduleId: string;
  const db = () => database.db;
  const entriesOf = async (action: 'module-created' | 'module-changed' | 'module-assigned', subject?: string) =>
    (await listAuditEntries(db(), { actions: [action], text: subject })).entries;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontline-audit-scenarios-'));
    for (const id of ['fx-a', 'fx-b']) {
      const doc = { ...fixtureScenario(), id };
      doc.meta = { ...doc.meta, title: `Call ${id.slice(3)}` };
      await writeFile(path.join(dir, `${id}.json`), asText(doc));
    }
    await publishBuiltinScenarios(db(), dir);
    [hr, admin] = (await db()
      .insert(users)
      .values([
        { name: 'Hana HR', email: `hr-${kind}@example.test`, role: 'hr' },
        { name: 'Ada Admin', email: `admin-${kind}@example.test`, role: 'admin' },
      ])
      .returning()) as [User, User];
    moduleId = (await createModule(db(), hr, { title: 'Week one', steps: ['fx-a'], defaultDueDays: 14 }, T0, ADDRESS)).id;
    await createAssignmentRule(db(), hr, { moduleId, kind: 'team', team: 'Billing' }, { now: T0 });
  });
  afterAll(() => database?.dispose());

  it('logs a module made and each version saved, by whom, with its title then; the page shows its title now', async () => {
    await updateModule(db(), hr, moduleId, { title: 'Week one, shorter', steps: ['fx-a', 'fx-b'], defaultDueDays: 7 }, new Date(T0.getTime() + 60_000), ADDRESS);
    const [made] = await entriesOf('module-created');
    expect(made).toMatchObject({
      subject: moduleId,
      subjectTitle: 'Week one, shorter',
      address: ADDRESS,
      details: { version: 1, title: 'Week one', steps: 1, defaultDueDays: 14 },
    });
    expect(made!.actor?.name).toBe('Hana HR');
    expect(made!.at).toEqual(T0);
    const [changed] = await entriesOf('module-changed');
    expect(changed).toMatchObject({ subject: moduleId, subjectTitle: 'Week one, shorter', details: { version: 2, title: 'Week one, shorter', steps: 2 } });
  });

  it('logs the modules a person gets when HR adds them, changes their team, or imports them, each as the actor’s', async () => {
    const { user: added } = await createUser(
      db(),
      hr,
      { name: 'Bo Billing', email: `bo-${kind}@example.test`, role: 'trainee', team: 'Billing', startDate: null },
      { address: ADDRESS, now: T0 },
    );
    const { user: moved } = await createUser(db(), hr, { name: 'Cy Sales', email: `cy-${kind}@example.test`, role: 'trainee', team: 'Sales', startDate: null }, { now: T0 });
    await updateUser(db(), admin, moved.id, { team: 'Billing' }, { address: ADDRESS, now: T0 });
    const imported = await importUsersFromCsv(db(), hr, `name,email,team,start date\nDi Import,di-${kind}@example.test,Billing,\n`, { commit: true, now: T0 });

    const assigned = (await entriesOf('module-assigned')).filter((e) => e.target);
    const by = (id: string) => assigned.filter((e) => e.target!.id === id);
    expect(by(added.id)).toHaveLength(1);
    expect(by(added.id)[0]).toMatchObject({ subject: moduleId, subjectTitle: 'Week one, shorter', address: ADDRESS, details: { via: 'account-created' } });
    expect(by(added.id)[0]!.actor?.name).toBe('Hana HR');
    expect(by(moved.id)).toHaveLength(1);
    expect(by(moved.id)[0]).toMatchObject({ details: { via: 'account-changed' } });
    expect(by(moved.id)[0]!.actor?.name).toBe('Ada Admin');
    const di = imported.created[0]!.user.id;
    expect(by(di)).toHaveLength(1);
    expect(by(di)[0]).toMatchObject({ details: { via: 'import' } });
    expect(summariseDetails(by(di)[0]!.details)).toMatch(/^via an import · due date: \d{4}-\d{2}-\d{2}$/);
    // Joining a team with no rule assigns nothing, and logs nothing.
    const before = (await db().select().from(auditLog)).length;
    await updateUser(db(), admin, moved.id, { team: 'Nights' }, { now: T0 });
    expect((await db().select().from(auditLog)).length).toBe(before + 1);
  });

  it('exports the filtered entries as CSV, names and titles with the stored ids, formulas written as text', async () => {
    await db()
      .insert(auditLog)
      .values({ action: 'sign-in-failed', subject: '=HYPERLINK("http://x.example")', details: { reason: 'unknown-email' }, at: T0 });
    const chunks: string[] = [];
    for await (const chunk of allAuditEntries(db(), { actions: ['module-created', 'sign-in-failed'] }, 1)) chunks.push(auditCsv(chunk, chunks.length === 0));
    const rows = Papa.parse<string[]>(chunks.join(''), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const made = rows.find((r) => r[3] === 'Module created')!;
    expect(made.slice(0, 8)).toEqual([T0.toISOString(), 'Hana HR', `hr-${kind}@example.test`, 'Module created', '', '', 'Week one, shorter', moduleId]);
    expect(JSON.parse(made[9]!)).toMatchObject({ version: 1, title: 'Week one' });
    const failed = rows.find((r) => r[3] === 'Sign-in failed')!;
    expect(failed[6]).toBe(`'=HYPERLINK("http://x.example")`);
    expect(failed[8]).toBe('reason: unknown-email');
  });
});

describe('an entry’s details in words', () => {
  it('keeps days, teams and emails as they are, and leaves record ids to the export', () => {
    expect(summariseDetails({ dueDate: '2026-12-07', team: 'Front-desk', ruleId: '3f2b8a9e-1c4d-4e5f-8a9b-0c1d2e3f4a5b' })).toBe('due date: 2026-12-07 · team: Front-desk');
    expect(summariseDetails({ from: 'trainee', to: 'hr' })).toBe('Trainee → HR');
    expect(summariseDetails({ via: 'account-changed' })).toBe('via a change to the account');
    expect(summariseDetails({ kind: 'team', team: 'Billing', cohortFrom: null, dueDate: null })).toBe('kind: team · team: Billing');
    expect(summariseDetails({ filters: { team: 'Night-desk', status: null } })).toBe('filters: team Night-desk');
  });
});
