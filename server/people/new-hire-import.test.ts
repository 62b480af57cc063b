import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { IMPORT_MAX_ROWS } from '@/lib/import-limits';
import { checkNewHiresCsv, importUsersFromCsv } from './new-hire-import';
import { passwordLinkStatus } from './password-links';
import { auditLog, users } from '../db/schema';
import { testBackends } from '../test-support/databases';
import { failure, usePeopleDatabase } from '../test-support/people';

describe('checkNewHiresCsv', () => {
  it('refuses a file of more lines than its people could need before parsing it, so a megabyte of blank lines cannot hold the server', () => {
    const blank = checkNewHiresCsv(`name,email\n${'\n'.repeat(999_000)}`);
    expect(blank.ok).toBe(false);
    expect(blank.errors).toEqual([{ line: null, reason: expect.stringMatching(/^The file has more than 20,000 lines/) }]);
    expect(checkNewHiresCsv(`name,email\r${'\r'.repeat(30_000)}`).errors[0]!.reason).toMatch(/^The file has more than 20,000 lines/);
    // The last allowed line count still parses.
    const edge = checkNewHiresCsv(`name,email\nAna,ana@example.test${'\n'.repeat(20_000 - 2)}`);
    expect(edge).toMatchObject({ ok: true, rows: [{ email: 'ana@example.test' }] });
  });

  it('refuses a NUL on the line it is on, before anything could try to store it', () => {
    const check = checkNewHiresCsv('name,email\nAna,ana@example.test\nBen\u0000,ben@example.test\n');
    expect(check.ok).toBe(false);
    expect(check.rows).toEqual([]);
    expect(check.errors).toEqual([{ line: 3, reason: expect.stringMatching(/^This line has a NUL character, which cannot be stored/) }]);
  });

  it('reads a header in any order and spelling, quoted values, a BOM and semicolons', () => {
    const csv = '\uFEFFStart_Date;E-Mail; NAME ;team\r\n2026-03-02;Ana@Example.test;"Ana; Ruiz";Billing\r\n;ben@example.test;Ben Ode;\r\n';
    const check = checkNewHiresCsv(csv);
    expect(check.errors).toEqual([]);
    expect(check.rows).toEqual([
      { line: 2, name: 'Ana; Ruiz', email: 'ana@example.test', team: 'Billing', startDate: '2026-03-02' },
      { line: 3, name: 'Ben Ode', email: 'ben@example.test', team: null, startDate: null },
    ]);
  });

  it('reports every bad row with the line it starts on, counting lines inside quoted values', () => {
    const csv = [
      'name,email,team,start date',
      '"Cleo',
      'Marsh",cleo@example.test,Support,2026-01-05',
      ',nobody@example.test,,',
      'Dan Wu,not-an-email,,',
      '',
      'Eve Sol,eve@example.test,,2026-02-30',
      'Fay Ng,fay@example.test,,05/01/2026',
      'Gus Ray,CLEO@example.test,,',
      'Hal Oy,hal@example.test,Support,2026-01-05,surplus',
    ].join('\n');
    const check = checkNewHiresCsv(csv);
    expect(check.ok).toBe(false);
    expect(check.errors).toEqual([
      { line: 4, reason: 'The name is empty.' },
      { line: 5, reason: '"not-an-email" is not an email address.' },
      { line: 7, reason: 'The start date "2026-02-30" is not a real date.' },
      { line: 8, reason: 'The start date "05/01/2026" is not written YYYY-MM-DD.' },
      { line: 9, reason: 'The email cleo@example.test is also on line 2.' },
      { line: 10, reason: 'It has 5 values but the header names 4 columns (put a value that contains a comma in double quotes).' },
    ]);
    expect(check.rows.map((r) => r.line)).toEqual([2, 4, 5, 7, 8, 9, 10]);
  });

  it('explains a header that is missing, unknown or incomplete', () => {
    expect(checkNewHiresCsv('Ana Ruiz,ana@example.test\n').errors).toEqual([
      { line: 1, reason: 'The first line must name the columns (name, email, team, start date), but it looks like a person; add a header line above it.' },
    ]);
    expect(checkNewHiresCsv('name,email,department\nAna,ana@example.test,x\n').errors).toEqual([
      { line: 1, reason: 'Unknown column "department" (the columns are name, email, team, start date).' },
    ]);
    expect(checkNewHiresCsv('name,team\nAna,x\n').errors).toEqual([{ line: 1, reason: 'There is no "email" column (the columns are name, email, team, start date).' }]);
    expect(checkNewHiresCsv('name,email,Email\nAna,a@example.test,b@example.test\n').errors).toEqual([{ line: 1, reason: 'The column "email" appears twice.' }]);
  });

  it('reports an empty file, a header alone, an unclosed quote, and files over the limits', () => {
    expect(checkNewHiresCsv(' \n').errors).toEqual([{ line: null, reason: 'The file is empty. Its first line names the columns: name, email, team, start date.' }]);
    expect(checkNewHiresCsv('name,email\n\n').errors).toEqual([{ line: null, reason: 'The file has a header line but nobody below it.' }]);
    const unclosed = checkNewHiresCsv('name,email\nAna,ana@example.test\n"Ben,ben@example.test\nCy,cy@example.test\n');
    expect(unclosed.errors).toEqual([{ line: 3, reason: 'A quoted value is never closed (a " is missing), so the lines after it cannot be read; the email is empty.' }]);
    const many = ['name,email', ...Array.from({ length: IMPORT_MAX_ROWS + 1 }, (_, i) => `P${i},p${i}@example.test`)].join('\n');
    expect(checkNewHiresCsv(many).errors).toEqual([{ line: null, reason: 'The file has more than 5,000 people; import at most 5,000 at a time.' }]);
    expect(checkNewHiresCsv(`name,email\n${'x'.repeat(1_000_001)}`).errors[0]!.reason).toMatch(/^The file is 1\.0 MB; import at most 1 MB/);
  });
});

describe.each(testBackends())('new hires on %s', (kind) => {
  const people = usePeopleDatabase(kind);
  const { db, auditOf, newTrainee } = people;

  describe('importing new hires', () => {
    const goodFile = (stem: string) => `name,email,team,start date\nIvy Ho,${stem}-ivy@example.test,Support,2026-06-01\nJon Pace,${stem}-jon@example.test,,\n`;

    it('checks without creating anyone, then creates everyone as trainees with links', async () => {
      const csv = goodFile('batch1');
      const countBefore = (await db().select().from(users)).length;
      const check = await importUsersFromCsv(db(), people.hr, csv, { commit: false });
      expect(check).toMatchObject({ ok: true, errors: [], created: [] });
      expect(check.rows.map((r) => r.email)).toEqual(['batch1-ivy@example.test', 'batch1-jon@example.test']);
      expect((await db().select().from(users)).length).toBe(countBefore);

      const result = await importUsersFromCsv(db(), people.hr, csv, { commit: true, address: '198.51.100.7' });
      expect(result.ok).toBe(true);
      expect(result.created.map((c) => [c.user.name, c.user.role, c.user.team, c.user.startDate])).toEqual([
        ['Ivy Ho', 'trainee', 'Support', '2026-06-01'],
        ['Jon Pace', 'trainee', null, null],
      ]);
      for (const { user, link } of result.created) expect(await passwordLinkStatus(db(), link.token)).toMatchObject({ state: 'valid', email: user.email });
      const [imported] = await db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'users-imported'), eq(auditLog.actorId, people.hr.id)));
      expect(imported).toMatchObject({ details: { count: 2 }, address: '198.51.100.7' });
      expect((await auditOf(result.created[0]!.user.id)).map((e) => e.action)).toEqual(['user-created', 'password-link-created']);
    });

    it('creates nobody when a single row is bad, even when asked to commit', async () => {
      const countBefore = (await db().select().from(users)).length;
      const csv = `${goodFile('batch2')}Kim Lo,batch2-kim@example.test,,2026-13-01\n`;
      const result = await importUsersFromCsv(db(), people.admin, csv, { commit: true });
      expect(result).toMatchObject({ ok: false, created: [], errors: [{ line: 4, reason: 'The start date "2026-13-01" is not a real date.' }] });
      expect((await db().select().from(users)).length).toBe(countBefore);
      expect(
        await db()
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, 'users-imported'), eq(auditLog.actorId, people.admin.id))),
      ).toEqual([]);
    });

    it('reports emails that already have an account, in both modes', async () => {
      const { user } = await newTrainee();
      const csv = `name,email\nLee Ma,batch3-lee@example.test\nTaken One,${user.email.toUpperCase()}\n`;
      for (const commit of [false, true]) {
        const result = await importUsersFromCsv(db(), people.admin, csv, { commit });
        expect(result.errors).toEqual([{ line: 3, reason: `An account with ${user.email} already exists.` }]);
      }
      // Reported together with the other problems of the file, and of the same line.
      const mixed = `name,email\n,batch3-x@example.test\nTaken One,${user.email}\nTaken Twice,${user.email}\n`;
      expect((await importUsersFromCsv(db(), people.admin, mixed, { commit: false })).errors).toEqual([
        { line: 2, reason: 'The name is empty.' },
        { line: 3, reason: `An account with ${user.email} already exists.` },
        { line: 4, reason: `The email ${user.email} is also on line 3; an account with ${user.email} already exists.` },
      ]);
      expect(await db().select().from(users).where(eq(users.email, 'batch3-lee@example.test'))).toEqual([]);
    });

    it('is for HR and admins only', async () => {
      expect((await failure(importUsersFromCsv(db(), people.trainer, goodFile('batch4'), { commit: true }))).status).toBe(403);
    });
  });
});
