import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, mailOutbox, users } from '../db/schema';
import { createAssignmentRule } from '../onboarding/assignments';
import { createModule } from '../onboarding/modules';
import { createPasswordLink, setPasswordWithLink } from '../people/password-links';
import { settingsFromEnv, type MailSettings, type Settings } from '../platform/settings';
import { publishBuiltinScenarios } from '../training/library';
import { testBackends } from '../test-support/databases';
import { GOOD_PASSWORD, usePeopleDatabase } from '../test-support/people';
import { SINK_USER, startSmtpSink, type ReceivedMail, type SmtpSink } from '../test-support/smtp-sink';
import { queueScheduledReminders, remindPeople, setReminders } from './reminders';
import { unsubscribeTokenOwner } from './secrets';
import { LEASE_MS, outboxStatus, retryDelayMs, sendQueuedMail, smtpOutcome } from './sender';

process.env.NEXTAUTH_SECRET ??= 'a-test-secret-that-is-long-enough-for-the-mail-keys';

const SITE = 'https://training.example.com';
const FROM = 'Acme Training <training@acme.example>';
const T0 = new Date('2026-03-02T09:00:00.000Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

/** The server's settings, as the code under test reads them. */
function useSettings(env: Record<string, string>): Settings {
  const config = settingsFromEnv({ FRONTLINE_ORGANISATION_NAME: 'Acme', FRONTLINE_DEMO: '0', NEXTAUTH_URL: SITE, ...env });
  (globalThis as { __frontlineSettings?: Settings }).__frontlineSettings = config;
  return config;
}

const linkIn = (text: string, path: string) => new RegExp(`${SITE.replace(/[.]/g, '\\.')}${path}[A-Za-z0-9_.-]+`).exec(text)?.[0] ?? null;

describe('what a mail server error means', () => {
  it('tries again after an outage or a 4xx, gives up on a 5xx, and waits longer each time', () => {
    expect(smtpOutcome(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toMatchObject({ kind: 'retry', stopRound: true });
    expect(smtpOutcome(Object.assign(new Error('Greylisted'), { code: 'EENVELOPE', responseCode: 451, response: '451 try later' }))).toMatchObject({
      kind: 'retry',
      stopRound: false,
    });
    expect(smtpOutcome(Object.assign(new Error('No such user'), { code: 'EENVELOPE', responseCode: 550, response: '550 No such user' }))).toMatchObject({ kind: 'failed' });
    expect(smtpOutcome(Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535 })).error).toContain('FRONTLINE_SMTP_URL');
    expect([1, 2, 3, 20].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 6 * 3_600_000]);
  });
});

describe.each(testBackends())('email through an SMTP server on %s', (kind) => {
  const people = usePeopleDatabase(kind);
  let sink: SmtpSink;
  let mail: MailSettings;
  let moduleSeq = 0;
  const db = () => people.db();
  const send = (now = T0) => sendQueuedMail(db(), mail, { site: SITE, organisationName: 'Acme', now });
  const mailTo = (email: string) => sink.received.filter((m) => m.to.includes(email));
  const rowsOf = (userId: string) => db().select().from(mailOutbox).where(eq(mailOutbox.userId, userId)).orderBy(mailOutbox.createdAt);
  const newModule = async (defaultDueDays = 14) =>
    (await createModule(db(), people.trainer, { title: `Handling complaints ${++moduleSeq}`, steps: ['closing-well'], defaultDueDays }, T0)).id;

  beforeAll(async () => {
    sink = await startSmtpSink();
    mail = useSettings({ FRONTLINE_SMTP_URL: sink.url, FRONTLINE_MAIL_FROM: FROM }).mail!;
    await publishBuiltinScenarios(db(), 'scenarios');
  });
  afterAll(() => sink?.close());
  beforeEach(() => {
    useSettings({ FRONTLINE_SMTP_URL: sink.url, FRONTLINE_MAIL_FROM: FROM });
  });

  it('emails a new account its set-password link once, and the link sets the password', async () => {
    const { user } = await people.newTrainee(people.admin, { name: 'Nora Quinn' });
    const [row] = await rowsOf(user.id);
    expect(row).toMatchObject({ kind: 'set-password', status: 'queued', toAddress: user.email });
    // The token waits sealed: the database alone does not give a working link.
    expect(row!.sealedToken).toBeTruthy();
    expect(JSON.stringify(row)).not.toMatch(/set-password\/[A-Za-z0-9_-]{43}/);

    const report = await send();
    expect(report.sent).toHaveLength(1);
    const [arrived] = mailTo(user.email) as [ReceivedMail];
    expect(arrived).toMatchObject({ from: 'training@acme.example', to: [user.email], user: SINK_USER, subject: 'Your Acme training account' });
    expect(arrived.headers.get('from')).toContain('Acme Training');
    expect(arrived.text).toContain('Hello Nora Quinn,');
    expect(arrived.text).toContain('Acme training');
    expect(arrived.html).toContain('Set your password');
    expect(arrived.text).not.toContain('Stop reminders');
    const link = linkIn(arrived.text, '/set-password/')!;
    expect(arrived.html).toContain(link);
    await expect(setPasswordWithLink(db(), link.split('/').pop()!, GOOD_PASSWORD)).resolves.toEqual({ email: user.email });

    const [sent] = await rowsOf(user.id);
    expect(sent).toMatchObject({ status: 'sent', sealedToken: null, tries: 1, sentAt: T0 });
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetUserId, user.id), eq(auditLog.action, 'mail-sent')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ kind: 'set-password', outboxId: sent!.id });

    // Sent is sent: later rounds send nothing again.
    expect((await send(at(DAY))).sent).toHaveLength(0);
    expect(mailTo(user.email)).toHaveLength(1);
  });

  it('does not send a link that a newer one replaced', async () => {
    const { user } = await people.newTrainee();
    await createPasswordLink(db(), people.admin, user.id);
    const report = await send(new Date());
    expect(report.cancelled).toHaveLength(1);
    const arrived = mailTo(user.email);
    expect(arrived).toHaveLength(1);
    // Still a new account's link: the person has no password yet.
    expect(arrived[0]!.subject).toBe('Your Acme training account');
    const token = linkIn(arrived[0]!.text, '/set-password/')!.split('/').pop()!;
    await expect(setPasswordWithLink(db(), token, GOOD_PASSWORD)).resolves.toEqual({ email: user.email });
  });

  it('tells people of a new assignment, with the module and its due date', async () => {
    const trainee = await people.insertUser('trainee', { name: 'Omar Reyes' });
    const moduleId = await newModule();
    await createAssignmentRule(db(), people.hr, { moduleId, kind: 'person', userId: trainee.id, dueDate: '2026-03-20' }, { now: T0, timeZone: 'UTC' });
    await send();
    const [arrived] = mailTo(trainee.email);
    expect(arrived!.subject).toBe(`New training: Handling complaints ${moduleSeq}`);
    expect(arrived!.text).toContain('Please complete it by 20 March 2026.');
    expect(arrived!.text).toContain(`Open your training: ${SITE}/\n`);
    const [row] = await rowsOf(trainee.id);
    expect(row).toMatchObject({ kind: 'assigned', requestedBy: people.hr.id, status: 'sent' });
  });

  it('queues nothing for an account an LMS made without an address (under .invalid)', async () => {
    const launched = await people.insertUser('trainee', { name: 'From the LMS', email: 'lti-0123456789abcdef@lti.invalid' });
    const moduleId = await newModule();
    await createAssignmentRule(db(), people.hr, { moduleId, kind: 'person', userId: launched.id }, { now: T0, timeZone: 'UTC' });
    expect(await rowsOf(launched.id)).toEqual([]);
  });

  it('keeps mail through a mail server outage and sends it once when the server is back', async () => {
    const trainee = await people.insertUser('trainee');
    const moduleId = await newModule();
    await sink.down();
    try {
      await createAssignmentRule(db(), people.hr, { moduleId, kind: 'person', userId: trainee.id }, { now: T0, timeZone: 'UTC' });
      const failed = await send();
      expect(failed.sent).toHaveLength(0);
      expect(failed.stoppedEarly).toContain('Could not reach the mail server');
      const [waiting] = await rowsOf(trainee.id);
      expect(waiting).toMatchObject({ status: 'queued', tries: 1, nextTryAt: at(60_000) });
      expect(waiting!.lastError).toContain('Could not reach the mail server');
      expect((await outboxStatus(db())).problems.map((p) => p.id)).toContain(waiting!.id);
    } finally {
      await sink.up();
    }
    // Back, but its wait is not over yet.
    expect((await send(at(30_000))).sent).toHaveLength(0);
    expect(mailTo(trainee.email)).toHaveLength(0);
    // Two servers' rounds at once: one claims it, the other finds nothing due.
    const rounds = await Promise.all([send(at(61_000)), send(at(61_000))]);
    expect(rounds.flatMap((r) => r.sent)).toHaveLength(1);
    expect(mailTo(trainee.email)).toHaveLength(1);
    const [sent] = await rowsOf(trainee.id);
    expect(sent).toMatchObject({ status: 'sent', tries: 2, lastError: null });
    expect((await send(at(LEASE_MS * 3))).sent).toHaveLength(0);
    expect(mailTo(trainee.email)).toHaveLength(1);
  });

  it('marks a mail the server refuses for good as failed, and goes on with the others', async () => {
    const refused = await people.insertUser('trainee', { email: 'refused-person@example.test' });
    const fine = await people.insertUser('trainee');
    const moduleId = await newModule();
    await createAssignmentRule(db(), people.hr, { moduleId, kind: 'team', team: 'Nobody' }, { now: T0, timeZone: 'UTC' });
    for (const person of [refused, fine]) await createAssignmentRule(db(), people.hr, { moduleId, kind: 'person', userId: person.id }, { now: T0, timeZone: 'UTC' });
    const report = await send();
    expect(report.failed.map((f) => f.error)).toEqual([expect.stringContaining('refused this mail')]);
    expect((await rowsOf(refused.id))[0]).toMatchObject({ status: 'failed' });
    expect(mailTo(fine.email)).toHaveLength(1);
  });

  describe('reminders', () => {
    it('sends "due soon" once, overdue once a week at most, and none after the link to stop them', async () => {
      const trainee = await people.insertUser('trainee', { name: 'Pia Santos' });
      const moduleId = await newModule();
      await createAssignmentRule(db(), people.hr, { moduleId, kind: 'person', userId: trainee.id, dueDate: '2026-03-12' }, { now: T0, timeZone: 'UTC' });
      await send();
      const reminders = () => mailTo(trainee.email).filter((m) => !m.subject.startsWith('New training'));

      // Ten days before, nothing; three days before, "due soon", once however often the scheduler runs.
      expect(await queueScheduledReminders(db(), T0, 'UTC')).toBe(0);
      for (const day of [7, 7, 8]) await queueScheduledReminders(db(), at(day * DAY), 'UTC');
      await send(at(9 * DAY));
      expect(reminders().map((m) => m.subject)).toEqual(['Due on 12 March 2026: Handling complaints ' + moduleSeq]);
      const dueSoon = reminders()[0]!;
      const stop = linkIn(dueSoon.text, '/reminders/')!;
      expect(dueSoon.html).toContain('Stop reminders');
      expect(dueSoon.headers.get('list-unsubscribe')).toBe(`<${stop}>`);

      // Overdue from the day after the due date, then a week later, not in between.
      for (const day of [11, 12, 13, 17, 18]) await queueScheduledReminders(db(), at(day * DAY), 'UTC');
      await send(at(19 * DAY));
      expect(reminders().map((m) => m.subject.split(':')[0])).toEqual(['Due on 12 March 2026', 'Overdue', 'Overdue']);
      expect(reminders()[1]!.text).toContain('was due on 12 March 2026');

      // The link in the mail stops reminders, without signing in.
      const owner = unsubscribeTokenOwner(stop.split('/').pop()!);
      expect(owner).toBe(trainee.id);
      expect(unsubscribeTokenOwner(`${people.hr.id}.${stop.split('.').pop()}`)).toBeNull();
      await setReminders(db(), owner!, false, { actorId: null, now: at(19 * DAY) });
      await queueScheduledReminders(db(), at(25 * DAY), 'UTC');
      expect((await rowsOf(trainee.id)).filter((r) => r.status === 'queued')).toEqual([]);
      // Still told of new assignments.
      await createAssignmentRule(db(), people.hr, { moduleId: await newModule(), kind: 'person', userId: trainee.id }, { now: at(25 * DAY), timeZone: 'UTC' });
      await send(at(25 * DAY));
      expect(mailTo(trainee.email).at(-1)!.subject).toMatch(/^New training/);
      expect((await people.auditOf(trainee.id)).map((e) => e.action)).toContain('reminders-turned-off');
    });

    it('cancels a queued reminder when the module is completed or reminders are turned off before it goes', async () => {
      const trainee = await people.insertUser('trainee');
      const moduleId = await newModule(2);
      await createAssignmentRule(db(), people.hr, { moduleId, kind: 'person', userId: trainee.id }, { now: at(-10 * DAY), timeZone: 'UTC' });
      await queueScheduledReminders(db(), T0, 'UTC');
      await setReminders(db(), trainee.id, false, { actorId: trainee.id, now: T0 });
      const report = await send();
      expect(report.cancelled.map((c) => c.reason)).toContain('The person turned reminders off.');
      expect(mailTo(trainee.email).map((m) => m.subject)).toEqual([expect.stringMatching(/^New training/)]);
    });

    it('lets HR remind a person once a day, and says why someone was skipped', async () => {
      const trainee = await people.insertUser('trainee', { name: 'Quinn Adler' });
      const idle = await people.insertUser('trainee', { name: 'Rhea Idle' });
      const moduleId = await newModule(3);
      await createAssignmentRule(db(), people.hr, { moduleId, kind: 'person', userId: trainee.id }, { now: at(-10 * DAY), timeZone: 'UTC' });
      const first = await remindPeople(db(), people.hr, { confirm: true, userId: trainee.id }, { now: T0, timeZone: 'UTC' });
      expect(first).toEqual({ reminded: [{ userId: trainee.id, name: 'Quinn Adler' }], skipped: [] });
      const again = await remindPeople(db(), people.hr, { confirm: true, userId: trainee.id }, { now: at(3_600_000), timeZone: 'UTC' });
      expect(again.skipped).toEqual([{ userId: trainee.id, name: 'Quinn Adler', reason: 'They were already reminded today.' }]);
      expect((await remindPeople(db(), people.hr, { confirm: true, userId: idle.id }, { now: T0, timeZone: 'UTC' })).skipped[0]!.reason).toBe('They have no module to complete.');
      await send(at(3_600_000));
      const reminder = mailTo(trainee.email).find((m) => m.subject.startsWith('Reminder'))!;
      expect(reminder.subject).toBe('Reminder: 1 training module overdue');
      expect(reminder.text).toContain(`- Handling complaints ${moduleSeq}: overdue, it was due 23 February 2026`);
      expect(reminder.text).toContain("Acme's HR team asks you to complete your training:");
      expect((await people.auditOf(trainee.id)).filter((e) => e.action === 'reminder-requested')).toEqual([expect.objectContaining({ actorId: people.hr.id })]);
    });

    it('reminds everyone overdue in the dashboard filter, but not those who are not', async () => {
      const team = `Team ${kind} ${Date.now()}`;
      const late = await people.insertUser('trainee', { team, name: 'Sam Late' });
      const onTime = await people.insertUser('trainee', { team, name: 'Tess Early' });
      const moduleId = await newModule(3);
      await createAssignmentRule(db(), people.hr, { moduleId, kind: 'person', userId: late.id }, { now: at(-10 * DAY), timeZone: 'UTC' });
      await createAssignmentRule(db(), people.hr, { moduleId, kind: 'person', userId: onTime.id }, { now: T0, timeZone: 'UTC' });
      const result = await remindPeople(db(), people.hr, { confirm: true, overdueIn: `?team=${encodeURIComponent(team)}&status=in-progress` }, { now: T0, timeZone: 'UTC' });
      expect(result.reminded.map((r) => r.name)).toEqual(['Sam Late']);
      await expect(remindPeople(db(), people.hr, { confirm: true, overdueIn: 'status=lost' }, { now: T0 })).rejects.toMatchObject({ status: 400 });
    });
  });

  it('keeps mail as previews in demo mode without a mail server, with no token and nothing sent', async () => {
    useSettings({ FRONTLINE_DEMO: '1' });
    const { user } = await people.newTrainee();
    const rows = await rowsOf(user.id);
    expect(rows).toEqual([expect.objectContaining({ kind: 'set-password', status: 'preview', sealedToken: null })]);
    await send(at(DAY));
    expect(mailTo(user.email)).toHaveLength(0);
    expect((await rowsOf(user.id))[0]!.status).toBe('preview');
  });

  it('queues nothing when email is off', async () => {
    useSettings({});
    const { user } = await people.newTrainee();
    expect(await rowsOf(user.id)).toEqual([]);
    await expect(remindPeople(db(), people.hr, { confirm: true, userId: user.id })).rejects.toMatchObject({ status: 409 });
    const [reloaded] = await db().select().from(users).where(eq(users.id, user.id));
    expect(reloaded!.remindersOffAt).toBeNull();
  });
});
