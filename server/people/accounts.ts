import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEnglish from '@zxcvbn-ts/language-en';
import { and, asc, count, desc, eq, gt, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias, type PgUpdateSetSource } from 'drizzle-orm/pg-core';
import Papa from 'papaparse';
import { IMPORT_MAX_BYTES, IMPORT_MAX_LINES, IMPORT_MAX_ROWS } from '@/lib/import-limits';
import { firstUnstorableIndex, unstorableReason } from '@/lib/storable-text';
import { emailProblem, nameProblem, startDateProblem, teamProblem, type CreatePersonInput, type UpdatePersonInput } from './schemas';
import { applyAssignmentRules } from '../onboarding/assignments';
import { recordAudit } from './audit';
import { hashPassword } from '../auth/passwords';
import { DEMO_PASSWORD } from '../demo/accounts';
import { hasRole, ROLES_THAT } from '../../lib/roles';
import type { Database } from '../db';
import { passwordLinks, users, type PasswordLink, type Role, type User } from '../db/schema';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { publicOrigin } from '../platform/site-origin';
import { normaliseEmail } from '../auth/sign-in';
import { isUuid } from '@/lib/uuid';

/**
 * Managing people's accounts: creating them one by one or from a CSV of new hires, changing them,
 * and the one-time links people set their password with (docs/decisions/011-set-password-links.md).
 * Every function takes the acting user and checks what that user may do, whatever the caller checked.
 */

/** Where a change came from, for the audit log; `now` is for tests. */
export interface ActionContext {
  address?: string | null;
  now?: Date;
}

/** A person as the people pages show them: never the password hash. */
export interface PersonSummary {
  id: string;
  name: string;
  email: string;
  role: Role;
  team: string | null;
  startDate: string | null;
  active: boolean;
  /** False until the person has set a password with their link. */
  hasPassword: boolean;
  anonymised: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

const summary = (user: User): PersonSummary => ({
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  team: user.team,
  startDate: user.startDate,
  active: user.active,
  hasPassword: user.passwordHash !== null,
  anonymised: user.anonymisedAt !== null,
  lastSignInAt: user.lastSignInAt,
  createdAt: user.createdAt,
});

// ---- Who may do what ----

/** What the acting user may do to one person; the pages show only these controls. */
export interface PersonPermissions {
  /** Change name, team and start date. */
  edit: boolean;
  changeRole: boolean;
  /** Deactivate or reactivate. */
  changeActive: boolean;
  createLink: boolean;
}

export function permissionsOver(actor: Pick<User, 'id' | 'role'>, target: Pick<User, 'id' | 'role' | 'anonymisedAt'>): PersonPermissions {
  if (target.anonymisedAt || !hasRole(actor, ROLES_THAT.managePeople)) return { edit: false, changeRole: false, changeActive: false, createLink: false };
  const admin = actor.role === 'admin';
  const managed = admin || target.role === 'trainee';
  // An admin never removes their own access, so there is always someone to undo a mistake.
  const self = actor.id === target.id;
  return { edit: managed, changeRole: admin && !self, changeActive: admin && !self, createLink: managed };
}

function assertManagesPeople(actor: Pick<User, 'role'>): void {
  if (!hasRole(actor, ROLES_THAT.managePeople)) throw new HttpError(403, 'forbidden', 'Your role does not allow managing people.');
}

/** HR manages trainees only; nobody changes an account whose identity was removed. */
function assertManages(actor: Pick<User, 'id' | 'role'>, target: User): void {
  assertManagesPeople(actor);
  if (actor.role !== 'admin' && target.role !== 'trainee') {
    throw new HttpError(403, 'forbidden', 'HR can change trainee accounts only. Ask an administrator to change this account.');
  }
  if (target.anonymisedAt) throw new HttpError(409, 'anonymised', "This person's identity was removed on request; their account can no longer be changed.");
}

async function findPerson(db: Database, userId: string, forUpdate = false): Promise<User> {
  if (!isUuid(userId)) throw new RecordNotFoundError('person');
  const query = db.select().from(users).where(eq(users.id, userId));
  const [user] = forUpdate ? await query.for('update') : await query;
  if (!user) throw new RecordNotFoundError('person');
  return user;
}

/**
 * The person `userId` if the actor may change them: 404 when there is no such person, 403 when the
 * actor's role does not reach them. Route handlers call it before reading a request's body.
 */
export async function managedPerson(db: Database, actor: User, userId: string): Promise<PersonSummary> {
  assertManagesPeople(actor);
  const target = await findPerson(db, userId);
  assertManages(actor, target);
  return summary(target);
}

// ---- Listing and details ----

export const PEOPLE_PAGE_SIZE = 25;
export const PERSON_STATUSES = ['active', 'deactivated'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export interface PeopleQuery {
  /** Part of a name or email. */
  search?: string;
  role?: Role;
  team?: string;
  status?: PersonStatus;
  /** From 1; past the end means the last page. */
  page?: number;
  pageSize?: number;
}

export interface PeoplePage {
  people: PersonSummary[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** Every team anyone is in, for the filter. */
  teams: string[];
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listUsers(db: Database, actor: User, query: PeopleQuery = {}): Promise<PeoplePage> {
  assertManagesPeople(actor);
  const conditions: SQL[] = [];
  const search = query.search?.trim();
  if (search) conditions.push(or(ilike(users.name, likePattern(search)), ilike(users.email, likePattern(search)))!);
  if (query.role) conditions.push(eq(users.role, query.role));
  if (query.team) conditions.push(eq(users.team, query.team));
  if (query.status) conditions.push(eq(users.active, query.status === 'active'));
  const where = conditions.length ? and(...conditions) : undefined;

  const pageSize = Math.max(1, Math.min(query.pageSize ?? PEOPLE_PAGE_SIZE, 200));
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(users).where(where);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(query.page ?? 1)), pageCount);
  const rows = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(asc(sql`lower(${users.name})`), asc(users.email))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { people: rows.map(summary), total, page, pageCount, pageSize, teams: await teamNames(db) };
}

/** Every team anyone is in, for filters and suggestions. */
export async function teamNames(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ team: users.team }).from(users).where(isNotNull(users.team)).orderBy(asc(users.team));
  return rows.map((row) => row.team!);
}

export interface PersonDetail {
  person: PersonSummary;
  /** The link that would still work, if one was created and not used. */
  pendingLink: { createdAt: Date; expiresAt: Date; purpose: PasswordLink['purpose'] } | null;
  permissions: PersonPermissions;
}

export async function userDetail(db: Database, actor: User, userId: string, now = new Date()): Promise<PersonDetail> {
  assertManagesPeople(actor);
  const person = await findPerson(db, userId);
  const [pending] = await db
    .select({ createdAt: passwordLinks.createdAt, expiresAt: passwordLinks.expiresAt, purpose: passwordLinks.purpose })
    .from(passwordLinks)
    .where(and(eq(passwordLinks.userId, person.id), isNull(passwordLinks.usedAt), gt(passwordLinks.expiresAt, now)))
    .orderBy(desc(passwordLinks.createdAt))
    .limit(1);
  return { person: summary(person), pendingLink: pending ?? null, permissions: permissionsOver(actor, person) };
}

// ---- Creating and changing accounts ----

const emailTaken = (email: string) => new HttpError(409, 'email-taken', `An account with ${email} already exists.`);

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Creates an account without a password, and the one-time link its owner sets one with. */
export async function createUser(db: Database, actor: User, input: CreatePersonInput, context: ActionContext = {}): Promise<{ user: PersonSummary; link: IssuedLink }> {
  assertManagesPeople(actor);
  if (actor.role !== 'admin' && input.role !== 'trainee') {
    throw new HttpError(403, 'forbidden', 'HR can create trainee accounts only. Ask an administrator to create a trainer, HR or admin account.');
  }
  const now = context.now ?? new Date();
  const email = normaliseEmail(input.email);
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (existing) throw emailTaken(email);
      const [user] = await tx
        .insert(users)
        .values({ name: input.name.trim(), email, role: input.role, team: input.team, startDate: input.startDate, createdAt: now })
        .returning();
      await recordAudit(tx, { action: 'user-created', actorId: actor.id, targetUserId: user!.id, details: { role: user!.role }, address: context.address });
      await applyAssignmentRules(tx, { userId: user!.id }, now);
      const link = await issueLink(tx, actor, user!, now, context.address);
      return { user: summary(user!), link };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken(email);
    throw error;
  }
}

/**
 * Changes a person's name, team, start date (admins; HR for trainees), role or active state
 * (admins). Deactivating ends every session at once and voids unused links. No admin can remove
 * their own access, and the last active admin keeps theirs.
 */
export async function updateUser(db: Database, actor: User, userId: string, changes: UpdatePersonInput, context: ActionContext = {}): Promise<PersonSummary> {
  assertManagesPeople(actor);
  const changesAccess = changes.role !== undefined || changes.active !== undefined;
  if (changesAccess && actor.role !== 'admin') {
    throw new HttpError(403, 'forbidden', 'Only an administrator can change roles or deactivate and reactivate accounts.');
  }
  const now = context.now ?? new Date();
  return db.transaction(async (tx) => {
    // Lock the active admins, always in the same order, before the person: two admins demoting
    // each other at the same moment are serialised, and the second sees the first's change.
    const activeAdmins = changesAccess
      ? (await tx.select({ id: users.id }).from(users).where(and(eq(users.role, 'admin'), eq(users.active, true))).orderBy(asc(users.id)).for('update')).map((r) => r.id)
      : [];
    const target = await findPerson(tx, userId, true);
    assertManages(actor, target);

    const set: PgUpdateSetSource<typeof users> = {};
    if (changes.name !== undefined && changes.name !== target.name) set.name = changes.name;
    if (changes.team !== undefined && changes.team !== target.team) set.team = changes.team;
    if (changes.startDate !== undefined && changes.startDate !== target.startDate) set.startDate = changes.startDate;
    const fields = Object.keys(set);
    const newRole = changes.role !== undefined && changes.role !== target.role ? changes.role : null;
    const newActive = changes.active !== undefined && changes.active !== target.active ? changes.active : null;

    const losesAdmin = target.role === 'admin' && target.active && ((newRole !== null && newRole !== 'admin') || newActive === false);
    if (losesAdmin && target.id === actor.id) {
      throw new HttpError(
        400,
        'own-access',
        newActive === false
          ? 'You cannot deactivate your own account. Another administrator can, so there is always someone who can undo it.'
          : 'You cannot remove your own administrator role. Another administrator can, so there is always someone who can undo it.',
      );
    }
    if (losesAdmin && !activeAdmins.some((id) => id !== target.id)) {
      throw new HttpError(400, 'last-admin', `${target.name} is the last active administrator. Make someone else an administrator first.`);
    }
    if (newRole) set.role = newRole;
    if (newActive !== null) set.active = newActive;
    // The session check compares token versions, so this ends every session of the person at once.
    if (newActive === false) set.tokenVersion = sql`${users.tokenVersion} + 1`;
    if (!Object.keys(set).length) return summary(target);

    const [updated] = await tx.update(users).set(set).where(eq(users.id, target.id)).returning();
    // A new team, start date, role or reactivation can bring the person under assignment rules.
    if (set.team !== undefined || set.startDate !== undefined || newRole || newActive === true) await applyAssignmentRules(tx, { userId: target.id }, now);
    const audit = { actorId: actor.id, targetUserId: target.id, address: context.address };
    if (fields.length) await recordAudit(tx, { ...audit, action: 'user-updated', details: { fields } });
    if (newRole) {
      // A link made while the person had another role may have been made by someone who cannot
      // manage them now (HR, for a trainee made an admin): it must not set the new role's password.
      await voidUnusedLinks(tx, target.id, now);
      await recordAudit(tx, { ...audit, action: 'role-changed', details: { from: target.role, to: newRole } });
    }
    if (newActive === false) {
      await voidUnusedLinks(tx, target.id, now);
      await recordAudit(tx, { ...audit, action: 'user-deactivated' });
    }
    if (newActive === true) await recordAudit(tx, { ...audit, action: 'user-reactivated' });
    return summary(updated!);
  });
}

// ---- One-time set-password links ----

export const LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** The secret part of a link, shown once to the person who created it. */
export interface IssuedLink {
  token: string;
  expiresAt: Date;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
// 32 random bytes in base64url, without padding.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The address of the set-password page for a token: the site's public URL, or the request's origin. */
export function setPasswordUrl(token: string, request: Pick<Request, 'headers' | 'url'>): string {
  return `${publicOrigin(request)}/set-password/${token}`;
}

/** Earlier links stop working: they are marked as expiring now, so their history stays. */
async function voidUnusedLinks(db: Database, userId: string, now: Date): Promise<void> {
  await db
    .update(passwordLinks)
    .set({ expiresAt: now })
    .where(and(eq(passwordLinks.userId, userId), isNull(passwordLinks.usedAt), gt(passwordLinks.expiresAt, now)));
}

/** `actor` is null when the link is made on the server's console (`npm run accounts`). */
async function issueLink(db: Database, actor: User | null, person: User, now: Date, address: string | null | undefined): Promise<IssuedLink> {
  await voidUnusedLinks(db, person.id, now);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS);
  const purpose = person.passwordHash ? 'reset' : 'new-account';
  await db.insert(passwordLinks).values({ userId: person.id, tokenHash: hashToken(token), purpose, createdBy: actor?.id ?? null, createdAt: now, expiresAt });
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

/**
 * The way in for the first administrator, and back in for one who lost access: run on the server
 * itself (`npm run accounts -- admin`), where whoever can run it already holds the data. Creates the
 * account, or makes an existing one an active admin, and returns a one-time link to set a password.
 */
export async function adminFromConsole(db: Database, input: { email: string; name?: string }, now = new Date()): Promise<{ user: PersonSummary; link: IssuedLink; created: boolean }> {
  const email = normaliseEmail(input.email);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, email)).for('update');
    const via = { via: 'console' };
    let person: User;
    if (!existing) {
      if (!input.name?.trim()) throw new HttpError(400, 'invalid', `There is no account for ${email} yet: give the new administrator's name with --name.`);
      [person] = (await tx.insert(users).values({ name: input.name.trim(), email, role: 'admin', createdAt: now }).returning()) as [User];
      await recordAudit(tx, { action: 'user-created', actorId: null, targetUserId: person.id, details: { role: 'admin', ...via } });
    } else {
      if (existing.anonymisedAt) throw new HttpError(409, 'anonymised', `The account for ${email} was anonymised and cannot be used again.`);
      [person] = (await tx.update(users).set({ role: 'admin', active: true }).where(eq(users.id, existing.id)).returning()) as [User];
      if (existing.role !== 'admin') await recordAudit(tx, { action: 'role-changed', actorId: null, targetUserId: person.id, details: { from: existing.role, to: 'admin', ...via } });
      if (!existing.active) await recordAudit(tx, { action: 'user-reactivated', actorId: null, targetUserId: person.id, details: via });
    }
    const link = await issueLink(tx, null, person, now, null);
    return { user: summary(person), link, created: !existing };
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

export type LinkStatus =
  | { state: 'valid'; name: string; email: string; purpose: PasswordLink['purpose']; expiresAt: Date }
  | { state: LinkProblem };

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

// ---- Password policy ----

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Fewer guesses than this (zxcvbn's estimate) and a password falls to an offline attack on a stolen hash in hours. */
export const PASSWORD_MIN_GUESSES = 1e8;
/** Words an attacker who knows this site tries first. */
const SITE_WORDS = ['frontline', DEMO_PASSWORD, 'frontline demo', 'customer service', 'training'];

let estimator: ZxcvbnFactory | null = null;
/** Built on first use: loading the dictionaries takes a moment that only setting a password should pay. */
function guessingEstimator(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEnglish.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEnglish.translations,
  });
  return estimator;
}

/**
 * Why a password is refused, or null when it is fine: long enough, not absurdly long, and hard to
 * guess by zxcvbn's full estimate (dictionaries of common passwords, words and names, keyboard
 * patterns, repeats, sequences, dates, and leetspeak), with the person's own name and email and
 * this site's words counted as known to the attacker. No composition rules: length and
 * unpredictability matter, mandatory symbols do not.
 */
export function passwordProblem(password: string, person: { email: string; name: string }): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters; this password has ${length}.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters; this password has ${length}.`;
  const lower = password.toLowerCase();
  const localPart = person.email.toLowerCase().split('@')[0] ?? '';
  if (localPart.length >= 3 && lower.includes(localPart)) return 'The password contains your email address, which others can guess. Choose another.';
  const squash = (text: string) => text.toLowerCase().replace(/\s+/g, '');
  if (squash(password) === squash(person.name)) return 'The password is your name, which others can guess. Choose another.';
  const known = [...SITE_WORDS, localPart, ...person.name.toLowerCase().split(/\s+/).filter((part) => part.length >= 3)];
  const estimate = guessingEstimator().check(password, known);
  if (estimate.guesses < PASSWORD_MIN_GUESSES) {
    const why = estimate.feedback.warning ? ` ${estimate.feedback.warning}` : '';
    return `This password would be guessed too quickly.${why} Try three or four unrelated words, or add some to it.`;
  }
  return null;
}

// ---- Importing new hires from CSV ----

export { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from '@/lib/import-limits';

type ImportColumn = 'name' | 'email' | 'team' | 'startDate';
const COLUMN_NAMES: Record<string, ImportColumn> = {
  name: 'name',
  'full name': 'name',
  email: 'email',
  'e mail': 'email',
  'email address': 'email',
  team: 'team',
  'start date': 'startDate',
  startdate: 'startDate',
};
const COLUMN_LABELS: Record<ImportColumn, string> = { name: 'name', email: 'email', team: 'team', startDate: 'start date' };
const EXPECTED_COLUMNS = 'name, email, team, start date';
// "Start_Date", " start-date ", "START DATE" all name the same column.
const headerKey = (cell: string) => cell.trim().toLowerCase().replace(/[\s_-]+/g, ' ');

export interface ImportRow {
  /** The line of the file the row starts on; line 1 is the header. */
  line: number;
  name: string;
  email: string;
  team: string | null;
  startDate: string | null;
}

export interface ImportProblem {
  /** The line the problem is on; null for the file as a whole. */
  line: number | null;
  reason: string;
}

export interface ImportCheck {
  ok: boolean;
  /** The people in the file, in order (also those with problems). */
  rows: ImportRow[];
  errors: ImportProblem[];
}

export interface ImportResult extends ImportCheck {
  /** Filled only when the import was committed. */
  created: { user: PersonSummary; link: IssuedLink }[];
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const fileProblem = (reason: string): ImportCheck => ({ ok: false, rows: [], errors: [{ line: null, reason }] });

/** Line numbers of offsets in a text, counting \r\n, \n and \r as one line break each. */
function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\n|\r/g)) starts.push(match.index + match[0].length);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

const QUOTE_PROBLEMS: Record<string, string> = {
  MissingQuotes: 'a quoted value is never closed (a " is missing), so the lines after it cannot be read',
  InvalidQuotes: 'a quoted value has text after its closing quote (write a " inside a quoted value as "")',
};

/**
 * Checks a CSV of new hires without touching the database: a header row naming the columns (name
 * and email required, team and start date optional, in any order), then one person per line. Every
 * problem is reported with its line.
 */
export function checkNewHiresCsv(csv: string, takenEmails: ReadonlySet<string> = new Set()): ImportCheck {
  const bytes = Buffer.byteLength(csv, 'utf8');
  if (bytes > IMPORT_MAX_BYTES) return fileProblem(`The file is ${(bytes / 1_000_000).toFixed(1)} MB; import at most 1 MB at a time (split it into smaller files).`);
  // Spreadsheets often start a UTF-8 file with a byte-order mark.
  const text = csv.replace(/^\uFEFF/, '');
  if (!text.trim()) return fileProblem(`The file is empty. Its first line names the columns: ${EXPECTED_COLUMNS}.`);

  // Line breaks of any style (\r\n, \n, or a lone \r), counted without parsing.
  let lines = 1;
  for (let i = 0; i < text.length && lines <= IMPORT_MAX_LINES; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
  }
  if (lines > IMPORT_MAX_LINES) {
    return fileProblem(
      `The file has more than ${IMPORT_MAX_LINES.toLocaleString('en-GB')} lines, far more than ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} people need: remove the empty lines (often at the end of a spreadsheet's export) or split it into smaller files.`,
    );
  }
  const lineOf = lineLocator(text);
  const unstorableAt = firstUnstorableIndex(text);
  if (unstorableAt >= 0) {
    return { ok: false, rows: [], errors: [{ line: lineOf(unstorableAt), reason: `This line ${unstorableReason(text.slice(unstorableAt))!.replace(/ at position \d+$/, '')}, which cannot be stored: save the file again as plain UTF-8 text, or remove the character.` }] };
  }
  const problems = new Map<number | null, string[]>();
  const report = (line: number | null, reason: string) => {
    const list = problems.get(line) ?? [];
    if (!list.includes(reason)) list.push(reason);
    problems.set(line, list);
  };
  const records: { line: number; cells: string[] }[] = [];
  let rowStart = 0;
  Papa.parse<string[]>(text, {
    delimitersToGuess: [',', ';', '\t'],
    step: (result, parser) => {
      // One past the limit is enough to refuse the file: the rest is not worth the server's time.
      if (records.length > IMPORT_MAX_ROWS + 1) return parser.abort();
      const start = rowStart;
      rowStart = result.meta.cursor;
      for (const error of result.errors) {
        if (error.type !== 'Quotes') continue;
        report(lineOf(error.index ?? start), QUOTE_PROBLEMS[error.code] ?? error.message);
      }
      if (result.data.every((cell) => !cell.trim())) return;
      records.push({ line: lineOf(start), cells: result.data });
    },
  });
  const result = (rows: ImportRow[]): ImportCheck => {
    const errors = [...problems.entries()]
      .sort(([a], [b]) => (a ?? 0) - (b ?? 0))
      .map(([line, reasons]) => ({ line, reason: capitalise(reasons.join('; ')) + '.' }));
    return { ok: errors.length === 0, rows, errors };
  };

  const [header, ...people] = records;
  if (!header) return fileProblem(`The file is empty. Its first line names the columns: ${EXPECTED_COLUMNS}.`);
  if (header.cells.some((cell) => cell.includes('@'))) {
    report(header.line, `the first line must name the columns (${EXPECTED_COLUMNS}), but it looks like a person; add a header line above it`);
    return result([]);
  }
  const columns = header.cells.map((cell) => COLUMN_NAMES[headerKey(cell)] ?? null);
  header.cells.forEach((cell, i) => {
    if (cell.trim() && !columns[i]) report(header.line, `unknown column "${cell.trim()}" (the columns are ${EXPECTED_COLUMNS})`);
    const column = columns[i];
    if (column && columns.indexOf(column) !== i) report(header.line, `the column "${COLUMN_LABELS[column]}" appears twice`);
  });
  for (const required of ['name', 'email'] as const) {
    if (!columns.includes(required)) report(header.line, `there is no "${COLUMN_LABELS[required]}" column (the columns are ${EXPECTED_COLUMNS})`);
  }
  if (problems.has(header.line)) return result([]);
  if (!people.length) return fileProblem('The file has a header line but nobody below it.');
  if (people.length > IMPORT_MAX_ROWS) {
    return fileProblem(`The file has more than ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} people; import at most ${IMPORT_MAX_ROWS.toLocaleString('en-GB')} at a time.`);
  }

  const firstLineOfEmail = new Map<string, number>();
  const rows = people.map(({ line, cells }) => {
    const value = (column: ImportColumn) => {
      const index = columns.indexOf(column);
      return index < 0 ? '' : (cells[index] ?? '').trim();
    };
    const extra = cells.slice(columns.length).filter((cell) => cell.trim()).length;
    if (extra) report(line, `it has ${columns.length + extra} values but the header names ${columns.length} columns (put a value that contains a comma in double quotes)`);
    const unnamed = cells.findIndex((cell, i) => i < columns.length && !columns[i] && cell.trim());
    if (unnamed >= 0) report(line, `it has a value in column ${unnamed + 1}, which has no name in the header`);
    const row: ImportRow = { line, name: value('name'), email: normaliseEmail(value('email')), team: value('team') || null, startDate: value('startDate') || null };
    for (const problem of [nameProblem(row.name), emailProblem(row.email), teamProblem(row.team ?? ''), startDateProblem(row.startDate ?? '')]) {
      if (problem) report(line, problem);
    }
    if (row.email && !emailProblem(row.email)) {
      const first = firstLineOfEmail.get(row.email);
      if (first === undefined) firstLineOfEmail.set(row.email, line);
      else report(line, `the email ${row.email} is also on line ${first}`);
      if (takenEmails.has(row.email)) report(line, `an account with ${row.email} already exists`);
    }
    return row;
  });
  return result(rows);
}

async function takenEmails(db: Database, candidates: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  const emails = [...new Set(candidates.filter((email) => !emailProblem(email)))];
  for (let i = 0; i < emails.length; i += 1000) {
    const rows = await db.select({ email: users.email }).from(users).where(inArray(users.email, emails.slice(i, i + 1000)));
    for (const { email } of rows) taken.add(email);
  }
  return taken;
}

/**
 * Checks a CSV of new hires, and with `commit` creates every one of them as a trainee with a
 * one-time link, in one transaction: nobody is created unless every row is valid.
 */
export async function importUsersFromCsv(db: Database, actor: User, csv: string, options: ActionContext & { commit: boolean }): Promise<ImportResult> {
  assertManagesPeople(actor);
  // Read once for the addresses, then check every row, also against the accounts that exist.
  const emails = checkNewHiresCsv(csv).rows.map((row) => row.email);
  const check = checkNewHiresCsv(csv, await takenEmails(db, emails));
  if (!check.ok || !options.commit) return { ...check, created: [] };

  const now = options.now ?? new Date();
  const audit = { actorId: actor.id, address: options.address };
  try {
    return await db.transaction(async (tx) => {
      // Again inside the transaction: someone may have created one of these accounts meanwhile.
      const checked = checkNewHiresCsv(csv, await takenEmails(tx, emails));
      if (!checked.ok) return { ...checked, created: [] };
      const created: ImportResult['created'] = [];
      for (let i = 0; i < check.rows.length; i += 500) {
        const batch = check.rows.slice(i, i + 500);
        const inserted = await tx
          .insert(users)
          .values(batch.map((row) => ({ name: row.name, email: row.email, role: 'trainee' as const, team: row.team, startDate: row.startDate, createdAt: now })))
          .returning();
        const links = inserted.map((user) => ({ user, token: randomBytes(32).toString('base64url') }));
        const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS);
        await tx
          .insert(passwordLinks)
          .values(links.map(({ user, token }) => ({ userId: user.id, tokenHash: hashToken(token), purpose: 'new-account' as const, createdBy: actor.id, createdAt: now, expiresAt })));
        await recordAudit(
          tx,
          links.flatMap(({ user }) => [
            { ...audit, action: 'user-created' as const, targetUserId: user.id, details: { role: user.role, imported: true } },
            { ...audit, action: 'password-link-created' as const, targetUserId: user.id, details: { purpose: 'new-account', expiresAt: expiresAt.toISOString() } },
          ]),
        );
        await applyAssignmentRules(tx, { userIds: inserted.map((user) => user.id) }, now);
        for (const { user, token } of links) created.push({ user: summary(user), link: { token, expiresAt } });
      }
      await recordAudit(tx, { ...audit, action: 'users-imported', details: { count: created.length } });
      return { ...checked, created };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new HttpError(409, 'email-taken', 'Someone created an account with one of these emails meanwhile. Check the file again; nobody was created.');
    throw error;
  }
}
