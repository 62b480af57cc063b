import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_PAGE_SIZE, endOfDayIn, listAuditEntries, readAuditQuery, startOfDayIn } from './audit-search';
import { isTimeZone } from '../../lib/dates';
import { auditLog, users, type AuditAction } from '../db/schema';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const minutes = (n: number) => new Date(T0 + n * 60_000);

describe.each(testBackends())('the audit log on %s', (kind) => {
  let database: TestDatabase;
  let admin: string;
  let trainee: string;
  let former: string;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    const rows = await database.db
      .insert(users)
      .values([
        { email: 'ada@example.test', name: 'Ada Admin', role: 'admin' },
        { email: 'tom@example.test', name: 'Tom Trainee', role: 'trainee' },
        { email: 'anonymised-x@invalid', name: 'Former user 1a2b3c4d', role: 'trainee', active: false, anonymisedAt: minutes(-1) },
      ])
      .returning({ id: users.id });
    [admin, trainee, former] = rows.map((r) => r.id) as [string, string, string];
    const entry = (at: number, action: AuditAction, extra: Partial<typeof auditLog.$inferInsert> = {}) => ({ at: minutes(at), action, ...extra });
    await database.db.insert(auditLog).values([
      entry(0, 'sign-in', { actorId: admin, address: '203.0.113.5' }),
      entry(1, 'sign-in-failed', { subject: 'TOM@example.test', address: '198.51.100.7' }),
      entry(2, 'sign-in', { actorId: trainee }),
      entry(3, 'role-changed', { actorId: admin, targetUserId: trainee, details: { from: 'trainee', to: 'trainer' } }),
      entry(4, 'user-deactivated', { actorId: admin, targetUserId: former }),
      entry(5, 'scenario-published', { actorId: admin, subject: 'closing-well', details: { version: 2, note: '100% better' } }),
      // 60 more sign-ins, a day later, for the pages.
      ...Array.from({ length: 60 }, (_, i) => entry(24 * 60 + i, 'sign-in', { actorId: trainee })),
    ]);
  });
  afterAll(() => database?.dispose());

  const day = { from: minutes(-1), to: minutes(60) };

  it('lists newest first with the people acting and acted on', async () => {
    const page = await listAuditEntries(database.db, day);
    expect(page.total).toBe(6);
    expect(page.entries.map((e) => e.action)).toEqual(['scenario-published', 'user-deactivated', 'role-changed', 'sign-in', 'sign-in-failed', 'sign-in']);
    const roleChange = page.entries[2]!;
    expect(roleChange.actor).toEqual({ id: admin, name: 'Ada Admin', email: 'ada@example.test', anonymised: false });
    expect(roleChange.target).toEqual({ id: trainee, name: 'Tom Trainee', email: 'tom@example.test', anonymised: false });
    expect(roleChange.details).toEqual({ from: 'trainee', to: 'trainer' });
    expect(page.entries[1]!.target).toMatchObject({ id: former, anonymised: true, name: 'Former user 1a2b3c4d' });
    const failed = page.entries[4]!;
    expect(failed).toMatchObject({ actor: null, target: null, subject: 'TOM@example.test', address: '198.51.100.7' });
    expect(failed.at).toEqual(minutes(1));
  });

  it('filters by one action or several', async () => {
    expect((await listAuditEntries(database.db, { ...day, actions: ['sign-in-failed'] })).entries.map((e) => e.subject)).toEqual(['TOM@example.test']);
    const two = await listAuditEntries(database.db, { ...day, actions: ['role-changed', 'user-deactivated'] });
    expect(two.entries.map((e) => e.action)).toEqual(['user-deactivated', 'role-changed']);
    expect(two.total).toBe(2);
  });

  it('filters by who acted and who was acted on, by id or by email in any case', async () => {
    const byEmail = await listAuditEntries(database.db, { ...day, actor: ' ADA@Example.test ' });
    expect(byEmail.entries.map((e) => e.action)).toEqual(['scenario-published', 'user-deactivated', 'role-changed', 'sign-in']);
    expect((await listAuditEntries(database.db, { ...day, actor: admin.toUpperCase() })).total).toBe(4);
    expect((await listAuditEntries(database.db, { ...day, target: 'tom@example.test' })).entries.map((e) => e.action)).toEqual(['role-changed']);
    expect((await listAuditEntries(database.db, { ...day, target: former })).entries.map((e) => e.action)).toEqual(['user-deactivated']);
    expect((await listAuditEntries(database.db, { actor: 'nobody@example.test' })).total).toBe(0);
  });

  it('finds free text in the subject and the details, taking % and _ literally', async () => {
    expect((await listAuditEntries(database.db, { text: 'tom@EXAMPLE' })).entries.map((e) => e.action)).toEqual(['sign-in-failed']);
    expect((await listAuditEntries(database.db, { text: 'closing' })).entries.map((e) => e.action)).toEqual(['scenario-published']);
    expect((await listAuditEntries(database.db, { text: '100%' })).entries.map((e) => e.action)).toEqual(['scenario-published']);
    expect((await listAuditEntries(database.db, { text: 'trainer' })).entries.map((e) => e.action)).toEqual(['role-changed']);
    expect((await listAuditEntries(database.db, { text: '%' })).total).toBe(1);
    expect((await listAuditEntries(database.db, { text: 'closing_well' })).total).toBe(0);
  });

  it('takes the range from an instant, inclusive, to an instant, exclusive', async () => {
    const range = await listAuditEntries(database.db, { from: minutes(1), to: minutes(3) });
    expect(range.entries.map((e) => e.action)).toEqual(['sign-in', 'sign-in-failed']);
    expect((await listAuditEntries(database.db, { from: minutes(24 * 60) })).total).toBe(60);
  });

  it('pages fifty at a time with the total, and brings a page past the end back to the last', async () => {
    const first = await listAuditEntries(database.db, {}, 1);
    expect(first).toMatchObject({ total: 66, page: 1, pageCount: 2, pageSize: AUDIT_PAGE_SIZE });
    expect(first.entries).toHaveLength(50);
    expect(first.entries[0]!.at).toEqual(minutes(24 * 60 + 59));
    const second = await listAuditEntries(database.db, {}, 2);
    expect(second.entries).toHaveLength(16);
    expect(new Set([...first.entries, ...second.entries].map((e) => e.id)).size).toBe(66);
    const times = [...first.entries, ...second.entries].map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await listAuditEntries(database.db, {}, 9)).page).toBe(2);
    expect((await listAuditEntries(database.db, {}, -3)).page).toBe(1);
    const none = await listAuditEntries(database.db, { actions: ['users-imported'] }, 4);
    expect(none).toMatchObject({ total: 0, page: 1, pageCount: 1, entries: [] });
  });
});

describe('days in the admin’s time zone', () => {
  it('begin at local midnight, and end where the next day begins', () => {
    expect(startOfDayIn('2026-11-20', 'UTC')!.toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(startOfDayIn('2026-11-20', 'Europe/Berlin')!.toISOString()).toBe('2026-11-19T23:00:00.000Z');
    expect(startOfDayIn('2026-07-01', 'America/New_York')!.toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(startOfDayIn('2026-07-01', 'Asia/Kolkata')!.toISOString()).toBe('2026-06-30T18:30:00.000Z');
    expect(endOfDayIn('2026-11-20', 'Europe/Berlin')!.toISOString()).toBe('2026-11-20T23:00:00.000Z');
    expect(endOfDayIn('2026-12-31', 'UTC')!.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('are 23 or 25 hours long when the clocks change', () => {
    expect(endOfDayIn('2026-03-29', 'Europe/London')!.getTime() - startOfDayIn('2026-03-29', 'Europe/London')!.getTime()).toBe(23 * 3_600_000);
    expect(endOfDayIn('2026-10-25', 'Europe/London')!.getTime() - startOfDayIn('2026-10-25', 'Europe/London')!.getTime()).toBe(25 * 3_600_000);
  });

  it('begin at the first moment that exists when the clocks skip midnight, and a skipped day has no start', () => {
    // Chile moved from -04 to -03 at midnight: the 8th began at 01:00 local.
    expect(startOfDayIn('2024-09-08', 'America/Santiago')!.toISOString()).toBe('2024-09-08T04:00:00.000Z');
    // Samoa skipped 30 December 2011 altogether.
    expect(startOfDayIn('2011-12-30', 'Pacific/Apia')).toBeNull();
  });

  it('refuse dates and zones that do not exist', () => {
    expect(startOfDayIn('2026-02-30', 'UTC')).toBeNull();
    expect(startOfDayIn('20-11-2026', 'UTC')).toBeNull();
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

describe('the audit page’s query string', () => {
  it('becomes filters, with days in the admin’s zone and both days included', () => {
    const query = readAuditQuery({
      action: ['sign-in', 'role-changed'],
      actor: ' ada@example.test ',
      person: '',
      q: 'closing',
      from: '2026-11-01',
      to: '2026-11-02',
      tz: 'Europe/Berlin',
      page: '3',
    });
    expect(query.problems).toEqual([]);
    expect(query.page).toBe(3);
    expect(query.filters).toEqual({
      actions: ['sign-in', 'role-changed'],
      actor: 'ada@example.test',
      target: undefined,
      text: 'closing',
      from: new Date('2026-10-31T23:00:00Z'),
      to: new Date('2026-11-02T23:00:00Z'),
    });
    expect(query.form).toMatchObject({ actions: ['sign-in', 'role-changed'], from: '2026-11-01', to: '2026-11-02', timeZone: 'Europe/Berlin' });
  });

  it('counts days in UTC without a zone, and starts on page one', () => {
    const query = readAuditQuery({ action: 'sign-in', from: '2026-11-01' });
    expect(query.filters).toMatchObject({ actions: ['sign-in'], from: new Date('2026-11-01T00:00:00Z'), to: undefined });
    expect(query.page).toBe(1);
    expect(readAuditQuery({}).filters).toEqual({ actions: [], actor: undefined, target: undefined, text: undefined, from: undefined, to: undefined });
  });

  it('says what it could not use, and uses the rest', () => {
    const query = readAuditQuery({ action: ['sign-in', 'drop-table'], from: '2026-13-01', to: 'yesterday', tz: 'Mars/Olympus', page: '-2' });
    expect(query.filters).toMatchObject({ actions: ['sign-in'], from: undefined, to: undefined });
    expect(query.page).toBe(1);
    expect(query.problems).toEqual([
      '“drop-table” is not an action in the log, so it was left out of the filter.',
      '“Mars/Olympus” is not a time zone; days are counted in UTC.',
      'From: “2026-13-01” is not a day (YYYY-MM-DD), so the range has no start.',
      'To: “yesterday” is not a day (YYYY-MM-DD), so the range has no end.',
    ]);
    expect(readAuditQuery({ from: '2026-11-05', to: '2026-11-01' }).problems).toEqual(['The range ends before it starts, so nothing can match.']);
  });
});
