import { and, asc, eq, inArray, isNotNull, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  criticalErrors,
  decisionTimeLimitMs,
  hasPassed,
  initialSnapshot,
  isFinished,
  outcomeOf,
  passedFasterThanReading,
  positionOf,
  readingPace,
  scoreAttempt,
  shownReplies,
  snapshotAt,
  step,
  timeLimitsOf,
  TIMEOUT_EVENT,
} from '@/machines';
import { LATENCY_ALLOWANCE_MS } from '@/machines/timing';
import { addPrincipleTotals, recordProgress, refreshAssignmentProgress } from '../onboarding/assignments';
import { assignmentRules, assignments, attemptEvents, attempts, mailOutbox, moduleVersions, principleTotals, typedReplies, users } from '../db/schema';
import { demoAssignmentStatuses, seedDemoData, seedDemoOnFirstStart, type DemoDataSummary } from './data';
import { DEMO_EMAIL_DOMAIN } from './people';
import { DemoDataPresentError, DemoDataRefusedError } from './presence';
import { compiledVersion } from '../training/library';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

const NOW = new Date('2026-05-20T14:30:00Z');
const ZONE = 'Europe/London';
const TRAINEES = 60;
const demoEmail = like(users.email, `%@${DEMO_EMAIL_DOMAIN}`);

describe.each(testBackends())('demo data on %s', (kind) => {
  let handle: TestDatabase;
  let summary: DemoDataSummary;
  const db = () => handle.db;

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    summary = await seedDemoData(handle.db, { trainees: TRAINEES, seed: 'test', now: NOW, timeZone: ZONE });
  });
  afterAll(() => handle?.dispose());

  it('makes trainees with unique demo emails, in teams, who started over the past year, a few of them gone', async () => {
    const people = await db().select().from(users).where(demoEmail);
    const trainees = people.filter((p) => p.role === 'trainee');
    expect(trainees).toHaveLength(TRAINEES);
    expect(
      people
        .filter((p) => p.role !== 'trainee')
        .map((p) => p.role)
        .sort(),
    ).toEqual(['hr', 'trainer']);
    expect(new Set(people.map((p) => p.email)).size).toBe(people.length);
    for (const p of trainees) {
      expect(p.email).toMatch(/^[a-z]+\.[a-z]+\d*@demo\.frontline\.test$/);
      expect(p.name).toMatch(/^\S+ \S+$/);
      expect(p.demo).toBe(false);
      expect(p.startDate! >= '2025-05-20' && p.startDate! < '2026-05-20').toBe(true);
    }
    expect(new Set(trainees.map((p) => p.name.split(' ')[0])).size).toBeGreaterThan(25);
    expect(summary.teams.length).toBeGreaterThanOrEqual(6);
    expect(new Set(trainees.map((p) => p.team))).toEqual(new Set(summary.teams));
    // Cohorts: people started in most months of the year, more of them recently.
    const months = new Set(trainees.map((p) => p.startDate!.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(9);
    const deactivated = trainees.filter((p) => !p.active);
    expect(deactivated.length).toBeGreaterThanOrEqual(1);
    expect(deactivated.length).toBe(summary.deactivated);
    expect(deactivated.every((p) => p.tokenVersion === 1)).toBe(true);
  });

  it('builds an onboarding programme of practice weeks and an assessment week drawn from pools', async () => {
    const versions = await db().select().from(moduleVersions);
    const byTitle = new Map(versions.map((v) => [v.title, v.steps]));
    expect([...byTitle.keys()]).toEqual(expect.arrayContaining(['Week 1: the basics', 'Week 2: difficult conversations', 'Week 3: assessment']));
    const week3 = byTitle.get('Week 3: assessment')!;
    expect(week3.length).toBeGreaterThanOrEqual(2);
    expect(week3.every((step) => step.startsWith('pool:'))).toBe(true);
    // Each pool was played in more than one version, and passing a version completed the week for some.
    const played = await db().execute(sql`
      SELECT sv.pool_id, count(DISTINCT sv.scenario_id)::integer AS versions FROM attempts t
      JOIN scenario_versions sv ON sv.id = t.scenario_version_id WHERE sv.pool_id IS NOT NULL GROUP BY sv.pool_id`);
    const rows = (played as unknown as { rows?: { pool_id: string; versions: number }[] }).rows ?? (played as unknown as { pool_id: string; versions: number }[]);
    expect(rows.map((r) => `pool:${r.pool_id}`).sort()).toEqual([...week3].sort());
    for (const r of rows) expect(r.versions).toBeGreaterThanOrEqual(2);
    const [done] = await db()
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(assignments)
      .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId))
      .where(and(eq(moduleVersions.title, 'Week 3: assessment'), isNotNull(assignments.completedAt)));
    expect(done!.n).toBeGreaterThan(0);
  });

  it('assigns five modules by team and cohort rules, with every status in the mix', async () => {
    expect(summary.modules).toBe(5);
    const rules = await db().select().from(assignmentRules);
    expect(new Set(rules.map((r) => r.kind))).toEqual(new Set(['team', 'cohort']));
    expect(rules.some((r) => r.dueDate !== null)).toBe(true);
    expect(rules.some((r) => r.dueDate === null)).toBe(true);
    const held = await db().select().from(assignments);
    expect(held.length).toBe(summary.assignments);
    expect(held.length).toBeGreaterThan(TRAINEES * 1.5);
    const statuses = await demoAssignmentStatuses(db(), NOW, ZONE);
    expect(statuses).toEqual(summary.statuses);
    for (const status of ['not-started', 'in-progress', 'completed', 'completed-late', 'overdue'] as const) expect(statuses[status]).toBeGreaterThan(0);
    // Nobody is assigned before they started.
    const early = await db().execute(sql`SELECT count(*)::integer AS n FROM assignments a JOIN users u ON u.id = a.user_id WHERE a.assigned_at::date < u.start_date`);
    expect(Number((early as unknown as { rows: { n: number }[] }).rows?.[0]?.n ?? (early as unknown as { n: number }[])[0]?.n)).toBe(0);
  });

  it('makes about the requested number of attempts, finished and not, passed and failed, all before now', async () => {
    const rows = await db().select().from(attempts);
    expect(rows.length).toBe(summary.attempts);
    expect(rows.length).toBeGreaterThan(TRAINEES * 20 * 0.8);
    expect(rows.length).toBeLessThan(TRAINEES * 20 * 1.2);
    expect(rows.filter((a) => a.status === 'in-progress').length).toBe(summary.attemptsInProgress);
    expect(summary.attemptsInProgress).toBeGreaterThan(0);
    expect(rows.filter((a) => a.passed === true).length).toBeGreaterThan(rows.length * 0.2);
    expect(rows.filter((a) => a.passed === false).length).toBeGreaterThan(rows.length * 0.1);
    expect(new Set(rows.map((a) => a.outcome))).toEqual(new Set([null, 'success', 'partial', 'failure']));
    // A few passes went faster than their text could be read, as in any real organisation.
    const fastPasses = rows.filter((a) => a.fasterThanReading).length;
    expect(fastPasses).toBeGreaterThan(0);
    expect(fastPasses).toBeLessThan(rows.filter((a) => a.passed).length * 0.08);
    for (const a of rows) {
      expect(a.startedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(a.stateEnteredAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
    const [events] = await db()
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(attemptEvents);
    expect(events!.n).toBe(summary.events);
  });

  it('records events that replay through the scenario to each attempt’s stored state and score', async () => {
    const rows = await db().select().from(attempts).orderBy(asc(attempts.id));
    const events = await db().select().from(attemptEvents).orderBy(asc(attemptEvents.attemptId), asc(attemptEvents.seq));
    const byAttempt = new Map<string, typeof events>();
    for (const e of events) byAttempt.set(e.attemptId, [...(byAttempt.get(e.attemptId) ?? []), e]);
    let timeouts = 0;
    for (const attempt of rows) {
      const scenario = await compiledVersion(db(), attempt.scenarioVersionId);
      const list = byAttempt.get(attempt.id) ?? [];
      let snapshot = initialSnapshot(scenario);
      let enteredAt = attempt.startedAt.getTime();
      const decisions = [];
      for (const [seq, event] of list.entries()) {
        expect(event.seq).toBe(seq);
        expect({ state: event.fromState, mood: event.mood, flags: event.flags }).toEqual(positionOf(snapshot));
        // The server's time rule: a choice later than the limit plus the allowance became TIMEOUT.
        const limit = attempt.timeMode === null ? null : decisionTimeLimitMs(scenario, snapshotAt(scenario, positionOf(snapshot)), attempt.timeMode);
        // Attempts of untimed scenarios record no time mode; the shown position is the one the shuffle gives.
        expect(attempt.timeMode === null).toBe(timeLimitsOf(scenario.doc).length === 0);
        const shown = shownReplies(scenario, snapshot, attempt.id).findIndex((o) => o.event === event.event);
        expect(event.shownPosition).toBe(shown === -1 ? null : shown + 1);
        expect(event.elapsedMs).toBe(event.createdAt.getTime() - enteredAt);
        expect(event.elapsedMs).toBeGreaterThan(0);
        expect(event.elapsedMs).toBeLessThanOrEqual(limit === null ? 80_000 : limit + LATENCY_ALLOWANCE_MS + 4_000);
        if (event.event === TIMEOUT_EVENT) {
          expect(limit).not.toBeNull();
          expect(event.elapsedMs).toBeGreaterThanOrEqual(limit!);
          if (event.requestedEvent === TIMEOUT_EVENT) timeouts++;
          else expect(event.elapsedMs).toBeGreaterThan(limit! + LATENCY_ALLOWANCE_MS);
        } else {
          expect(event.requestedEvent).toBe(event.event);
          if (limit !== null) expect(event.elapsedMs).toBeLessThanOrEqual(limit + LATENCY_ALLOWANCE_MS);
        }
        const result = step(scenario, snapshot, event.event);
        expect(result.ok).toBe(true);
        if (!result.ok) break;
        expect(event.toState).toBe(positionOf(result.next).state);
        expect(event.earned).toEqual(result.decision.earned);
        expect(event.best).toEqual(result.decision.best);
        expect(event.critical).toBe(result.decision.critical);
        decisions.push({ earned: event.earned, best: event.best, critical: event.critical });
        snapshot = result.next;
        enteredAt = event.createdAt.getTime();
      }
      expect({ state: attempt.stateName, mood: attempt.mood, flags: attempt.flags, step: attempt.step }).toEqual({ ...positionOf(snapshot), step: list.length });
      expect(attempt.stateEnteredAt.getTime()).toBe(enteredAt);
      if (isFinished(snapshot)) {
        const score = scoreAttempt(decisions);
        const outcome = outcomeOf(scenario, snapshot)!;
        expect(attempt).toMatchObject({ status: 'completed', outcome, overallPercent: score.overallPercent, principleScores: score.principles });
        expect(attempt.criticalErrors).toBe(criticalErrors(decisions));
        expect(attempt.passed).toBe(hasPassed(score.overallPercent, scenario.doc.meta.passPercent, outcome, attempt.criticalErrors));
        expect(attempt.completedAt?.getTime()).toBe(enteredAt);
        // The reading pace as the server works it out when an attempt ends.
        const pace = readingPace(
          scenario,
          list.map((e) => ({ position: { state: e.fromState, mood: e.mood, flags: e.flags }, event: e.event, elapsedMs: e.elapsedMs, typed: false })),
        );
        expect({ readingMs: attempt.readingMs, answeringMs: attempt.answeringMs }).toEqual(pace);
        expect(attempt.fasterThanReading).toBe(passedFasterThanReading(attempt.passed!, pace));
      } else {
        expect(attempt).toMatchObject({ status: 'in-progress', completedAt: null, outcome: null, passed: null, overallPercent: null, principleScores: null });
      }
    }
    expect(timeouts).toBeGreaterThan(0);
  });

  it('completes exactly the assignments recordProgress completes, and keeps the progress refreshAssignmentProgress computes', async () => {
    const seeded = await db().select().from(assignments).orderBy(asc(assignments.id));
    expect(seeded.filter((a) => a.completedAt).length).toBe(summary.statuses.completed + summary.statuses['completed-late']);
    await db().update(assignments).set({ completedAt: null, attemptCount: 0, startedAt: null, passedCount: 0, scorePercent: null });
    const trainees = await db()
      .select({ id: users.id })
      .from(users)
      .where(and(demoEmail, eq(users.role, 'trainee')));
    for (const { id } of trainees) {
      await recordProgress(db(), id, NOW);
      await refreshAssignmentProgress(db(), { userId: id });
    }
    const recomputed = await db().select().from(assignments).orderBy(asc(assignments.id));
    // The mean score may differ in the last bit with the order PostgreSQL adds in.
    const roundedScores = (list: typeof seeded) => list.map((a) => ({ ...a, scorePercent: a.scorePercent === null ? null : Number(a.scorePercent.toFixed(9)) }));
    expect(roundedScores(recomputed)).toEqual(roundedScores(seeded));
  });

  it('rebuilds principle totals to the sums addPrincipleTotals keeps attempt by attempt', async () => {
    const seeded = await db().select().from(principleTotals).orderBy(asc(principleTotals.userId), asc(principleTotals.principleId));
    expect(seeded.length).toBeGreaterThan(TRAINEES * 3);
    await db().delete(principleTotals);
    const finished = await db().select().from(attempts).where(eq(attempts.status, 'completed')).orderBy(asc(attempts.completedAt));
    for (const a of finished) await addPrincipleTotals(db(), a.userId, a.principleScores ?? {});
    const kept = await db().select().from(principleTotals).orderBy(asc(principleTotals.userId), asc(principleTotals.principleId));
    expect(kept.map((t) => [t.userId, t.principleId, t.attemptCount])).toEqual(seeded.map((t) => [t.userId, t.principleId, t.attemptCount]));
    kept.forEach((t, i) => expect(seeded[i]!.percentSum).toBeCloseTo(t.percentSum, 9));
  });

  it('refuses to seed again unless forced, and forced replaces the demo data with the same data', async () => {
    const before = await fingerprint(db());
    // What a demo trainee may have gathered since: a typed reply and a queued mail go with them.
    const [played] = await db().select({ id: attempts.id, userId: attempts.userId }).from(attempts).innerJoin(users, eq(users.id, attempts.userId)).where(demoEmail).limit(1);
    await db().insert(typedReplies).values({ attemptId: played!.id, seq: 0, stateName: 'opening', text: 'hello there', understoodEvent: null, confidence: 0 });
    await db()
      .insert(mailOutbox)
      .values({ dedupeKey: `demo-test:${played!.userId}`, kind: 'reminder', userId: played!.userId, toAddress: 'x@example.test', payload: {}, status: 'preview' });
    await expect(seedDemoData(db(), { trainees: 5, seed: 'test', now: NOW, timeZone: ZONE })).rejects.toThrow(DemoDataPresentError);
    const again = await seedDemoData(db(), { trainees: TRAINEES, seed: 'test', now: NOW, timeZone: ZONE, force: true });
    expect(again.removedTrainees).toBe(TRAINEES + 2);
    expect({ ...again, seconds: 0, removedTrainees: 0 }).toEqual({ ...summary, seconds: 0 });
    expect(await fingerprint(db())).toEqual(before);
  });

  it('gives the same data for the same seed on another database, and other data for another seed', async () => {
    const other = await createTestDatabase(kind);
    try {
      await seedDemoData(other.db, { trainees: TRAINEES, seed: 'test', now: NOW, timeZone: ZONE });
      expect(await fingerprint(other.db)).toEqual(await fingerprint(db()));
      await seedDemoData(other.db, { trainees: TRAINEES, seed: 'another', now: NOW, timeZone: ZONE, force: true });
      const different = await fingerprint(other.db);
      expect(different.people).not.toEqual((await fingerprint(db())).people);
    } finally {
      await other.dispose();
    }
  });

  it('never reaches people who are not demo data: it refuses while real trainees exist, and force keeps them', async () => {
    const other = await createTestDatabase(kind);
    try {
      const [real] = await other.db
        .insert(users)
        .values({ email: 'real.person@example.com', name: 'Real Person', role: 'trainee', team: 'Billing', startDate: '2026-01-05' })
        .returning();
      await expect(seedDemoData(other.db, { trainees: 10, seed: 'test', now: NOW, timeZone: ZONE })).rejects.toThrow(DemoDataRefusedError);
      await expect(seedDemoData(other.db, { trainees: 10, seed: 'test', now: NOW, timeZone: ZONE })).rejects.toThrow(
        /1 trainee account\(s\) that are not demo data \(real\.person@example\.com\)/,
      );
      expect(await other.db.select().from(users).where(demoEmail)).toEqual([]);
      // An HR person or a deactivated trainee is not reached by team and cohort rules.
      await other.db.update(users).set({ active: false }).where(eq(users.id, real!.id));
      await other.db.insert(users).values({ email: 'boss@example.com', name: 'Boss', role: 'hr' });
      await seedDemoData(other.db, { trainees: 10, seed: 'test', now: NOW, timeZone: ZONE });
      await seedDemoData(other.db, { trainees: 12, seed: 'test', now: NOW, timeZone: ZONE, force: true });
      const rest = await other.db
        .select({ email: users.email })
        .from(users)
        .where(sql`${users.email} NOT LIKE ${`%@${DEMO_EMAIL_DOMAIN}`}`);
      expect(rest.map((r) => r.email).sort()).toEqual(['boss@example.com', 'real.person@example.com']);
      expect(
        await other.db
          .select()
          .from(assignments)
          .where(inArray(assignments.userId, [real!.id])),
      ).toEqual([]);
      expect(
        await other.db
          .select()
          .from(users)
          .where(and(demoEmail, eq(users.role, 'trainee'))),
      ).toHaveLength(12);
    } finally {
      await other.dispose();
    }
  });

  it('seeds on a demo server’s first start only', async () => {
    const other = await createTestDatabase(kind);
    try {
      const config = { demo: true, demoTrainees: 8, timeZone: ZONE };
      expect(await seedDemoOnFirstStart(other.db, { ...config, demo: false }, NOW)).toEqual({ skipped: 'not in demo mode' });
      expect(await seedDemoOnFirstStart(other.db, { ...config, demoTrainees: 0 }, NOW)).toEqual({ skipped: 'FRONTLINE_DEMO_TRAINEES is 0' });
      const first = await seedDemoOnFirstStart(other.db, config, NOW);
      expect(first).toMatchObject({ seeded: { trainees: 8 } });
      expect(await seedDemoOnFirstStart(other.db, config, NOW)).toEqual({ skipped: 'demo data is already present' });
      expect(
        await other.db
          .select()
          .from(users)
          .where(and(demoEmail, eq(users.role, 'trainee'))),
      ).toHaveLength(8);
    } finally {
      await other.dispose();
    }
  });
});

/** Everything seeded, by natural keys, so two databases can be compared. */
async function fingerprint(db: TestDatabase['db']) {
  const people = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      team: users.team,
      startDate: users.startDate,
      active: users.active,
      timeMode: users.timeMode,
      lastSignInAt: users.lastSignInAt,
    })
    .from(users)
    .where(demoEmail)
    .orderBy(asc(users.email));
  const held = await db
    .select({
      email: users.email,
      title: moduleVersions.title,
      assignedAt: assignments.assignedAt,
      dueDate: assignments.dueDate,
      completedAt: assignments.completedAt,
      attemptCount: assignments.attemptCount,
      passedCount: assignments.passedCount,
      scorePercent: assignments.scorePercent,
    })
    .from(assignments)
    .innerJoin(users, eq(users.id, assignments.userId))
    .innerJoin(moduleVersions, eq(moduleVersions.id, assignments.moduleVersionId))
    .orderBy(asc(users.email), asc(moduleVersions.title), asc(assignments.assignedAt));
  const made = await db
    .select({
      id: attempts.id,
      userId: attempts.userId,
      state: attempts.stateName,
      startedAt: attempts.startedAt,
      completedAt: attempts.completedAt,
      overall: attempts.overallPercent,
      passed: attempts.passed,
    })
    .from(attempts)
    .orderBy(asc(attempts.id));
  const events = await db.execute(
    sql`SELECT md5(string_agg(attempt_id::text || seq || event || requested_event || elapsed_ms || earned::text, ',' ORDER BY attempt_id, seq)) AS digest FROM attempt_events`,
  );
  const totals = await db.select().from(principleTotals).orderBy(asc(principleTotals.userId), asc(principleTotals.principleId));
  const digest = ((events as unknown as { rows?: { digest: string }[] }).rows ?? (events as unknown as { digest: string }[]))[0]?.digest;
  return {
    people,
    held: held.map((a) => ({ ...a, scorePercent: a.scorePercent === null ? null : Number(a.scorePercent.toFixed(9)) })),
    made,
    digest,
    totals: totals.map((t) => [t.userId, t.principleId, t.attemptCount, Math.round(t.percentSum * 1e6)]),
  };
}
