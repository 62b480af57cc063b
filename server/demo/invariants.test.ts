import { inArray, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignments, attempts, auditLog, users, type Assignment, type Attempt, type User } from '../db/schema';
import { seedDemoData } from './data';
import { DEMO_EMAIL_DOMAIN } from './people';
import { verifyPassword } from '../auth/passwords';
import { createTestDatabase, testBackends, type TestDatabase } from '../test-support/databases';

/**
 * The seeded demo data agrees with itself, as real use would have left it: what the admin's list
 * says of a person (awaiting a password, last sign-in) fits what they did, and nothing happens
 * before the thing it follows or after `now` (docs/demo-data.md).
 */

const NOW = new Date('2026-05-20T14:30:00Z');
const ZONE = 'Europe/London';

describe.each(testBackends())('the demo data on %s', (kind) => {
  let handle: TestDatabase;
  let people: User[];
  let played: Attempt[];
  let held: Assignment[];
  const byId = () => new Map(people.map((p) => [p.id, p]));

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    await seedDemoData(handle.db, { trainees: 80, seed: 'invariants', now: NOW, timeZone: ZONE });
    people = await handle.db
      .select()
      .from(users)
      .where(like(users.email, `%@${DEMO_EMAIL_DOMAIN}`));
    const ids = people.map((p) => p.id);
    played = await handle.db.select().from(attempts).where(inArray(attempts.userId, ids));
    held = await handle.db.select().from(assignments).where(inArray(assignments.userId, ids));
  }, 300_000);
  afterAll(() => handle?.dispose());

  it('has nobody awaiting a password who has signed in or played, and nobody who played without having signed in', () => {
    const trainees = people.filter((p) => p.role === 'trainee');
    const playedBy = new Set(played.map((a) => a.userId));
    const awaiting = trainees.filter((p) => p.passwordHash === null);
    const signedIn = trainees.filter((p) => p.lastSignInAt !== null);
    // Both kinds are there, so neither rule holds for want of people.
    expect(awaiting.length).toBeGreaterThan(0);
    expect(signedIn.length).toBeGreaterThan(0);
    for (const p of awaiting) {
      expect(p.lastSignInAt, p.email).toBeNull();
      expect(playedBy.has(p.id), p.email).toBe(false);
    }
    for (const id of playedBy) {
      const p = byId().get(id)!;
      expect(p.passwordHash, p.email).not.toBeNull();
      expect(p.lastSignInAt, p.email).not.toBeNull();
    }
  });

  it('gives nobody a password that can be known', async () => {
    const hashes = new Set(people.flatMap((p) => (p.passwordHash ? [p.passwordHash] : [])));
    expect(hashes.size).toBe(1);
    const [hash] = [...hashes];
    for (const guess of ['', 'demo', 'password', 'frontline', DEMO_EMAIL_DOMAIN]) expect(await verifyPassword(hash!, guess)).toBe(false);
  });

  it('signs people in, starts their attempts and assigns them modules after their account exists and by now', () => {
    const person = byId();
    for (const p of people) {
      if (p.lastSignInAt) {
        expect(p.lastSignInAt >= p.createdAt, p.email).toBe(true);
        expect(p.lastSignInAt <= NOW, p.email).toBe(true);
      }
    }
    const lastStart = new Map<string, Date>();
    for (const a of played) {
      const p = person.get(a.userId)!;
      expect(a.startedAt >= p.createdAt, p.email).toBe(true);
      expect(a.startedAt <= NOW).toBe(true);
      if (a.completedAt) {
        expect(a.completedAt >= a.startedAt).toBe(true);
        expect(a.completedAt <= NOW).toBe(true);
      }
      if (!lastStart.has(a.userId) || lastStart.get(a.userId)! < a.startedAt) lastStart.set(a.userId, a.startedAt);
    }
    // The last sign-in is no earlier than the last attempt started.
    for (const [userId, last] of lastStart) expect(person.get(userId)!.lastSignInAt! >= last).toBe(true);
    for (const a of held) {
      const p = person.get(a.userId)!;
      expect(a.assignedAt >= p.createdAt, p.email).toBe(true);
      expect(a.assignedAt <= NOW).toBe(true);
      if (a.completedAt) {
        expect(a.completedAt >= a.assignedAt, `${p.email} completed before it was assigned`).toBe(true);
        expect(a.completedAt <= NOW).toBe(true);
      }
      if (a.unassignedAt) expect(a.unassignedAt >= a.assignedAt).toBe(true);
    }
  });

  it('logs nothing of the demo people after now, and the demo modules as made when they were made', async () => {
    // What the demo people did and had done to them; the built-in scenarios are published when
    // they are loaded, at the real time, which is not the demo's to date.
    const demo = new Set(people.map((p) => p.id));
    const entries = (await handle.db.select().from(auditLog)).filter((e) => demo.has(e.actorId ?? '') || demo.has(e.targetUserId ?? ''));
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.at <= NOW, `${e.action} at ${e.at.toISOString()}`).toBe(true);
    const made = entries.filter((e) => e.action === 'module-created');
    expect(made.length).toBe(5);
    const hr = people.find((p) => p.role === 'hr')!;
    const trainer = people.find((p) => p.role === 'trainer')!;
    expect(made.every((e) => e.actorId === trainer.id)).toBe(true);
    expect(entries.filter((e) => e.action === 'module-assigned').every((e) => e.actorId === hr.id)).toBe(true);
  });
});
