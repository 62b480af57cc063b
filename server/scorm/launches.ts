import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Database } from '../db';
import { attempts, scormAccounts, scormLaunches, scormPackages, scenarioVersions, users, type User } from '../db/schema';
import { recordAudit } from '../people/audit';
import { recordSignIn } from '../auth/sign-in';
import { HttpError } from '../platform/errors';
import { startAttempt } from '../training/attempts';
import { newestVersion } from '../training/library';
import { packageFileName, packageZip } from './package';
import type { ScormLaunchInput } from './schemas';

/**
 * SCORM 1.2 packages and their launches (decision 038). A package carries its id and a key; its
 * launcher posts them with the learner the LMS names, and gets a one-time ticket that opens
 * Frontline (5 minutes) and a token to read the attempt's result (12 hours). The first launch of
 * a learner makes their account and a learner secret, which the LMS keeps for that learner
 * (cmi.suspend_data); every later launch must bring it back.
 */

export const OPEN_TICKET_MS = 5 * 60_000;
export const STATUS_TOKEN_MS = 12 * 60 * 60_000;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');
const sameHash = (value: string, hash: string) => timingSafeEqual(Buffer.from(sha256(value), 'hex'), Buffer.from(hash, 'hex'));

/** A refused handshake, ticket or status request: its 4xx and what to do, in words. */
export class ScormRefusal extends HttpError {
  constructor(status: 400 | 401 | 403 | 404 | 409, message: string) {
    super(status, 'scorm-refused', message);
  }
}

// ---- Packages ----

export interface MadePackage {
  fileName: string;
  zip: Uint8Array;
}

/** A new package for a scenario, with its own key: recorded and audited, then zipped. */
export async function createPackage(db: Database, actor: User, scenarioId: string, context: { origin: string; now: Date; address: string | null }): Promise<MadePackage> {
  const version = await newestVersion(db, scenarioId);
  if (!version) throw new ScormRefusal(404, `There is no scenario "${scenarioId}" in the library.`);
  const [{ title }] = (await db.select({ title: scenarioVersions.title }).from(scenarioVersions).where(eq(scenarioVersions.id, version.id))) as [{ title: string }];
  const key = newSecret();
  const [made] = await db
    .insert(scormPackages)
    .values({ scenarioId, keyHash: sha256(key), createdBy: actor.id, createdAt: context.now })
    .returning();
  await recordAudit(db, {
    action: 'scorm-package-downloaded',
    actorId: actor.id,
    subject: scenarioId,
    address: context.address,
    details: { packageId: made!.id, origin: context.origin },
  });
  return { fileName: packageFileName(scenarioId), zip: packageZip({ packageId: made!.id, key, origin: context.origin, title }) };
}

// ---- The handshake ----

/** The email a SCORM learner's account is made with: the LMS gives none. */
export const scormPlaceholderEmail = (studentId: string) => `scorm-${sha256(studentId).slice(0, 16)}@scorm.invalid`;

/** SCORM 1.2 names people "Last, First"; Frontline writes "First Last". */
export function readableName(studentName: string): string {
  const [last, first, ...rest] = studentName.split(',').map((part) => part.trim());
  if (rest.length || !first || !last) return studentName.trim();
  return `${first} ${last}`;
}

export interface ScormHandshake {
  ticket: string;
  statusToken: string;
  /** Only at a learner's first launch: the LMS keeps it for them. */
  learnerSecret: string | null;
}

/**
 * The launcher's handshake: checks the package and its key, then the learner (linked by their LMS
 * id and, after the first launch, their secret), resumes or starts the attempt, and answers a
 * ticket and a status token. Nothing is created when anything is refused.
 */
export async function startScormLaunch(db: Database, input: ScormLaunchInput, context: { now: Date; address: string | null; lmsOrigin: string | null }): Promise<ScormHandshake> {
  const { now } = context;
  const [found] = await db.select().from(scormPackages).where(eq(scormPackages.id, input.packageId));
  if (!found || !sameHash(input.key, found.keyHash)) {
    throw new ScormRefusal(401, 'This package is not one Frontline made, or its key was changed. Download the package again and replace it in the LMS.');
  }
  if (found.revokedAt) throw new ScormRefusal(403, 'This package was withdrawn in Frontline. Ask your training team for the current one.');
  if (!(await newestVersion(db, found.scenarioId))) {
    throw new ScormRefusal(404, `The package opens the scenario "${found.scenarioId}", which is no longer in Frontline’s library. Ask your training team.`);
  }

  const linked = await db.transaction(async (tx) => {
    const [link] = await tx
      .select({ account: scormAccounts, user: users })
      .from(scormAccounts)
      .innerJoin(users, eq(users.id, scormAccounts.userId))
      .where(eq(scormAccounts.studentId, input.studentId));
    if (link) {
      if (!input.learnerSecret || !sameHash(input.learnerSecret, link.account.secretHash)) {
        throw new ScormRefusal(
          403,
          'This LMS learner already has a Frontline account, and the LMS did not give back the key it keeps for them. Open the activity from your own LMS account; if it still fails, ask your training team.',
        );
      }
      if (!link.user.active) throw new ScormRefusal(403, 'Your Frontline account is deactivated. Ask your training team to reactivate it.');
      await tx.update(scormAccounts).set({ lastLaunchAt: now }).where(eq(scormAccounts.studentId, input.studentId));
      return { user: link.user, learnerSecret: null };
    }
    const secret = newSecret();
    const email = scormPlaceholderEmail(input.studentId);
    const [user] = await tx
      .insert(users)
      .values({ email, name: readableName(input.studentName) || 'LMS learner', role: 'trainee', startDate: now.toISOString().slice(0, 10) })
      .returning();
    const [linkedNow] = await tx
      .insert(scormAccounts)
      .values({ studentId: input.studentId, userId: user!.id, secretHash: sha256(secret), createdAt: now, lastLaunchAt: now })
      .onConflictDoNothing()
      .returning({ studentId: scormAccounts.studentId });
    // Two first launches of one LMS id at once: the other one linked it first, and this one makes nothing.
    if (!linkedNow) throw new ScormRefusal(409, 'This LMS learner was linked to Frontline a moment ago by another launch. Open the activity in your course again.');
    await recordAudit(tx, { action: 'user-created', actorId: null, targetUserId: user!.id, subject: email, address: context.address, details: { via: 'scorm', role: 'trainee' } });
    return { user: user!, learnerSecret: secret };
  });

  const attemptId = (await unfinishedAttempt(db, found.id, linked.user.id)) ?? (await startAttempt(db, linked.user.id, found.scenarioId, linked.user.timeMode, now));
  const ticket = newSecret();
  const statusToken = newSecret();
  const [launch] = await db
    .insert(scormLaunches)
    .values({
      packageId: found.id,
      userId: linked.user.id,
      attemptId,
      lmsOrigin: context.lmsOrigin?.slice(0, 300) ?? null,
      openTicketHash: sha256(ticket),
      openTicketExpiresAt: new Date(now.getTime() + OPEN_TICKET_MS),
      statusTokenHash: sha256(statusToken),
      statusTokenExpiresAt: new Date(now.getTime() + STATUS_TOKEN_MS),
      createdAt: now,
    })
    .returning();
  await recordAudit(db, {
    action: 'scorm-launch',
    actorId: linked.user.id,
    targetUserId: linked.user.id,
    subject: found.scenarioId,
    address: context.address,
    details: { packageId: found.id, launchId: launch!.id, attemptId, lmsOrigin: launch!.lmsOrigin, firstLaunch: linked.learnerSecret !== null },
  });
  return { ticket, statusToken, learnerSecret: linked.learnerSecret };
}

/** The attempt an earlier launch of the same package left unfinished: a launch resumes it. */
async function unfinishedAttempt(db: Database, packageId: string, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ attemptId: scormLaunches.attemptId })
    .from(scormLaunches)
    .innerJoin(attempts, eq(attempts.id, scormLaunches.attemptId))
    .where(and(eq(scormLaunches.packageId, packageId), eq(scormLaunches.userId, userId), eq(attempts.status, 'in-progress')))
    .orderBy(desc(scormLaunches.createdAt))
    .limit(1);
  return row?.attemptId ?? null;
}

// ---- Opening Frontline ----

/** Uses a ticket once: the learner to sign in and the attempt to open. */
export async function redeemScormTicket(db: Database, ticket: string, context: { now: Date; address: string | null }): Promise<{ user: User; path: string }> {
  const [launch] = await db
    .update(scormLaunches)
    .set({ openTicketHash: null, openTicketExpiresAt: null })
    .where(and(eq(scormLaunches.openTicketHash, sha256(ticket)), gt(scormLaunches.openTicketExpiresAt, context.now)))
    .returning();
  if (!launch) throw new ScormRefusal(400, 'This button to open Frontline was already used or is over five minutes old. Open the activity in your course again.');
  const [user] = await db.select().from(users).where(eq(users.id, launch.userId));
  if (!user?.active) throw new ScormRefusal(403, 'Your Frontline account is deactivated. Ask your training team to reactivate it.');
  await recordSignIn(db, user, { via: 'scorm', address: context.address, now: context.now });
  return { user: { ...user, lastSignInAt: context.now }, path: `/play/${launch.attemptId}` };
}

// ---- The result, for the launcher ----

export type ScormStatus = { state: 'playing' } | { state: 'finished'; lessonStatus: 'passed' | 'failed'; scoreRaw: number; summary: string };

/** How the launch's attempt stands; once finished, what the LMS is told (score out of 100, floored to hundredths like the LTI grade). */
export async function scormStatus(db: Database, statusToken: string, now: Date): Promise<ScormStatus> {
  const [row] = await db
    .select({ attempt: attempts })
    .from(scormLaunches)
    .innerJoin(attempts, eq(attempts.id, scormLaunches.attemptId))
    .where(and(eq(scormLaunches.statusTokenHash, sha256(statusToken)), gt(scormLaunches.statusTokenExpiresAt, now)));
  if (!row) throw new ScormRefusal(404, 'Frontline does not know this launch any more (over 12 hours old, or erased). Open the activity in your course again.');
  const { attempt } = row;
  if (attempt.status !== 'completed') return { state: 'playing' };
  const scoreRaw = Math.floor((attempt.overallPercent ?? 0) * 100) / 100;
  return {
    state: 'finished',
    lessonStatus: attempt.passed ? 'passed' : 'failed',
    scoreRaw,
    summary: `You ${attempt.passed ? 'passed' : 'did not pass'} with ${Math.floor(scoreRaw)}%.`,
  };
}
