import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { hashPassword } from '../auth/passwords';
import type { Database } from '../db';
import { passwordLinks, users, type PasswordLink, type User } from '../db/schema';
import { HttpError } from '../platform/errors';
import { publicOrigin } from '../platform/site-origin';
import { queueMail, setPasswordMail } from '../mail/outbox';
import { recordAudit } from './audit';
import { findPerson, type ActionContext } from './person';
import { assertManages, assertManagesPeople, permissionsOver } from './permissions';
import { passwordProblem } from './password-policy';

/**
 * The one-time links people set their password with (docs/decisions/011-set-password-links.md):
 * making them, checking them, and using one up.
 */

export const LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** The secret part of a link, shown once to the person who created it. */
export interface IssuedLink {
  token: string;
  expiresAt: Date;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
// 32 random bytes in base64url, without padding.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The address of the set-password page for a token, on the site's public address (publicOrigin:
 * the configured one, else the one the request was made to, else, from the console, the local one).
 */
export function setPasswordUrl(token: string, request?: Pick<Request, 'headers' | 'url'>): string {
  return `${publicOrigin(request)}/set-password/${token}`;
}

/** Earlier links stop working: they are marked as expiring now, so their history stays. */
export async function voidUnusedLinks(db: Database, userId: string, now: Date): Promise<void> {
  await db
    .update(passwordLinks)
    .set({ expiresAt: now })
    .where(and(eq(passwordLinks.userId, userId), isNull(passwordLinks.usedAt), gt(passwordLinks.expiresAt, now)));
}

/** `actor` is null when the link is made on the server's console (`npm run accounts`). */
export async function issueLink(db: Database, actor: User | null, person: User, now: Date, address: string | null | undefined): Promise<IssuedLink> {
  await voidUnusedLinks(db, person.id, now);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS);
  const purpose = person.passwordHash ? 'reset' : 'new-account';
  const [link] = await db
    .insert(passwordLinks)
    .values({ userId: person.id, tokenHash: hashToken(token), purpose, createdBy: actor?.id ?? null, createdAt: now, expiresAt })
    .returning();
  // With email set up, the link is also sent to the person (the mail is sent once this commits).
  await queueMail(db, [setPasswordMail(person, link!, token, actor?.id ?? null)], now);
  const details = { purpose, expiresAt: expiresAt.toISOString(), ...(actor ? {} : { via: 'console' }) };
  await recordAudit(db, { action: 'password-link-created', actorId: actor?.id ?? null, targetUserId: person.id, details, address });
  return { token, expiresAt };
}

/**
 * A new one-time link for a person (admins: anyone; HR: trainees). Their earlier unused links stop
 * working; their current password keeps working until the new link is used.
 */
export async function createPasswordLink(db: Database, actor: User, userId: string, context: ActionContext = {}): Promise<IssuedLink> {
  assertManagesPeople(actor);
  const now = context.now ?? new Date();
  return db.transaction(async (tx) => {
    const person = await findPerson(tx, userId, true);
    assertManages(actor, person);
    if (!person.active) throw new HttpError(409, 'inactive', `${person.name}'s account is deactivated. Reactivate it before creating a link.`);
    return issueLink(tx, actor, person, now, context.address);
  });
}

export type LinkProblem = 'unknown' | 'used' | 'expired' | 'inactive' | 'revoked';

/** What the person holding a link that does not work is told, and the status the API answers with. */
export const LINK_PROBLEMS: Record<LinkProblem, { status: number; title: string; message: string }> = {
  unknown: {
    status: 400,
    title: 'This link does not work',
    message: 'This set-password link is not valid. Check that you copied all of it; if it still does not work, ask HR or an administrator for a new link.',
  },
  used: {
    status: 410,
    title: 'This link has already been used',
    message: 'This link was already used to set a password, and each link works only once. Sign in with that password, or ask HR or an administrator for a new link.',
  },
  expired: {
    status: 410,
    title: 'This link has expired',
    message: 'This link has expired or was replaced by a newer one. Links work for 7 days. Ask HR or an administrator for a new link.',
  },
  inactive: {
    status: 410,
    title: 'This account is not active',
    message: 'The account this link belongs to is deactivated, so the link no longer works. Ask HR or an administrator if you think this is a mistake.',
  },
  revoked: {
    status: 410,
    title: 'This link no longer works',
    message: 'Who may manage this account has changed since the link was made, so the link no longer works. Ask an administrator for a new link.',
  },
};

/** A link's maker, as far as their right to make it is concerned; null for a link made on the console. */
type LinkMaker = Pick<User, 'id' | 'role' | 'active' | 'anonymisedAt'> | null;

/**
 * A link is only as good as its maker's right to make it, checked when it is used: the person's
 * role, or the maker's, may have changed since (a link HR made for a trainee who is now an admin
 * would otherwise hand HR the admin's account).
 */
function makerStillManages(link: PasswordLink, maker: LinkMaker, person: User): boolean {
  if (link.createdBy === null) return true;
  if (!maker || !maker.active || maker.anonymisedAt) return false;
  return permissionsOver(maker, person).createLink;
}

function linkProblem(link: PasswordLink | undefined, person: User | undefined, maker: LinkMaker, now: Date): LinkProblem | null {
  if (!link || !person) return 'unknown';
  if (link.usedAt) return 'used';
  if (link.expiresAt <= now) return 'expired';
  if (!person.active || person.anonymisedAt) return 'inactive';
  if (!makerStillManages(link, maker, person)) return 'revoked';
  return null;
}

const linkMakers = alias(users, 'link_makers');

/** The link with its person and its maker; `lock` holds both people's rows until the transaction ends. */
async function findLink(db: Database, token: string, lock = false): Promise<{ link?: PasswordLink; person?: User; maker: LinkMaker }> {
  if (!TOKEN_PATTERN.test(token)) return { maker: null };
  const query = db
    .select()
    .from(passwordLinks)
    .innerJoin(users, eq(users.id, passwordLinks.userId))
    .leftJoin(linkMakers, eq(linkMakers.id, passwordLinks.createdBy))
    .where(eq(passwordLinks.tokenHash, hashToken(token)));
  const [row] = lock ? await query.for('update', { of: [users] }) : await query;
  if (!row) return { maker: null };
  if (lock && row.link_makers) await db.select({ id: users.id }).from(users).where(eq(users.id, row.link_makers.id)).for('share');
  return { link: row.password_links, person: row.users, maker: row.link_makers };
}

export type LinkStatus = { state: 'valid'; name: string; email: string; purpose: PasswordLink['purpose']; expiresAt: Date } | { state: LinkProblem };

/** For the set-password page: whose link it is, or why it does not work. Changes nothing. */
export async function passwordLinkStatus(db: Database, token: string, now = new Date()): Promise<LinkStatus> {
  const { link, person, maker } = await findLink(db, token);
  const problem = linkProblem(link, person, maker, now);
  if (problem) return { state: problem };
  return { state: 'valid', name: person!.name, email: person!.email, purpose: link!.purpose, expiresAt: link!.expiresAt };
}

const linkError = (problem: LinkProblem) => new HttpError(LINK_PROBLEMS[problem].status, `link-${problem}`, LINK_PROBLEMS[problem].message);

/**
 * Sets the password of the link's owner and uses the link up, in one transaction: of two requests
 * with the same link, only one succeeds. Every other session of the person ends.
 */
export async function setPasswordWithLink(db: Database, token: string, password: string, context: ActionContext = {}): Promise<{ email: string }> {
  const now = context.now ?? new Date();
  const { link, person, maker } = await findLink(db, token);
  const problem = linkProblem(link, person, maker, now);
  if (problem) throw linkError(problem);
  const weakness = passwordProblem(password, person!);
  if (weakness) throw new HttpError(400, 'weak-password', weakness);
  // Hashing is slow on purpose: do it before taking any lock.
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // Again under lock: a role may have changed while the password was hashed.
    const locked = await findLink(tx, token, true);
    const changed = linkProblem(locked.link, locked.person, locked.maker, now);
    if (changed) throw linkError(changed);
    const [claimed] = await tx
      .update(passwordLinks)
      .set({ usedAt: now })
      .where(and(eq(passwordLinks.id, link!.id), isNull(passwordLinks.usedAt), gt(passwordLinks.expiresAt, now)))
      .returning();
    if (!claimed) {
      const [current] = await tx.select().from(passwordLinks).where(eq(passwordLinks.id, link!.id));
      throw linkError(current?.usedAt ? 'used' : 'expired');
    }
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, tokenVersion: sql`${users.tokenVersion} + 1` })
      .where(and(eq(users.id, person!.id), eq(users.active, true), isNull(users.anonymisedAt)))
      .returning();
    // Deactivated since the check above: throwing rolls the claim back too.
    if (!updated) throw linkError('inactive');
    await voidUnusedLinks(tx, updated.id, now);
    await recordAudit(tx, { action: 'password-set', actorId: updated.id, targetUserId: updated.id, details: { purpose: claimed.purpose }, address: context.address });
    return { email: updated.email };
  });
}
