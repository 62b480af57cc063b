import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Database } from '../db';
import {
  attempts,
  ltiAccounts,
  ltiGradeDeliveries,
  ltiLaunches,
  ltiLoginStates,
  ltiModuleGradeDeliveries,
  modules,
  users,
  type LtiLaunch,
  type LtiMessageType,
  type LtiPlatform,
  type User,
} from '../db/schema';
import { recordAudit } from '../people/audit';
import { recordSignIn } from '../auth/sign-in';
import { startAttempt } from '../training/attempts';
import { newestVersion } from '../training/library';
import { isUuid } from '@/lib/uuid';
import { CLAIM, INSTRUCTOR_ROLES, LTI_VERSION, SCORE_SCOPE } from './claims';
import { LtiRefusal } from './login';
import { platformById } from './platforms';

/**
 * The launch (LTI 1.3 Core §5.1, Security Framework §5.1.3), decision 036: the id_token the
 * platform posted is checked as the specification says, and anything else is refused with a 4xx
 * that says why. Then the person is signed in (their account linked to issuer + sub, made on the
 * first launch) and the target opened.
 */

/** Clock difference allowed between the platform and Frontline. */
export const CLOCK_TOLERANCE_SECONDS = 60;
/** The oldest id_token accepted, by its iat. */
const MAX_TOKEN_AGE_SECONDS = 10 * 60;
/** How long the ticket that opens a framed launch in a window of its own lasts. */
export const OPEN_TICKET_MS = 2 * 60_000;

/** Each platform's key set, fetched when first needed and cached by jose (refetched on an unknown kid, at most every 30 s). */
const keySets = new Map<string, JWTVerifyGetKey>();
export function platformKeys(jwksUrl: string): JWTVerifyGetKey {
  let keys = keySets.get(jwksUrl);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 10_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    keySets.set(jwksUrl, keys);
  }
  return keys;
}

export interface LaunchInput {
  idToken: string;
  state: string;
  /** The value of the state's cookie in this request, if the browser sent it. */
  stateCookie: string | undefined;
}

export interface LaunchContext {
  now: Date;
  /** Where the platform's keys come from: its JWKS by default (tests may give their own). */
  keysFor?: (platform: LtiPlatform) => JWTVerifyGetKey;
}

/** The claims a valid launch carries, read. */
export interface LaunchClaims {
  platform: LtiPlatform;
  sub: string;
  messageType: LtiMessageType;
  deploymentId: string;
  roles: string[];
  name: string | null;
  email: string | null;
  resourceLinkId: string | null;
  contextId: string | null;
  contextTitle: string | null;
  targetLinkUri: string | null;
  custom: Record<string, string>;
  lineItemUrl: string | null;
  agsScopes: string[];
  deepLinkReturnUrl: string | null;
  deepLinkData: string | null;
}

const text = (value: unknown, max = 2000): string | null => (typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null);
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * Checks a launch: the state (once, in time, from this browser), the signature by the platform's
 * keys, issuer, audience and authorised party, expiry and issue time, the nonce, the deployment,
 * the message type and version. Consumes the state whatever the outcome, so no token can be tried twice.
 */
export async function validateLaunch(db: Database, input: LaunchInput, context: LaunchContext): Promise<LaunchClaims> {
  // The state first: it names the login this answers, and so the platform and the nonce.
  const [login] = await db
    .update(ltiLoginStates)
    .set({ usedAt: context.now })
    .where(and(eq(ltiLoginStates.state, input.state), isNull(ltiLoginStates.usedAt), gt(ltiLoginStates.expiresAt, context.now)))
    .returning();
  if (!login) {
    throw new LtiRefusal(
      400,
      'This launch does not answer a login Frontline started, or that login was already used or took longer than 10 minutes. Go back to the course and open the activity again.',
    );
  }
  if (input.stateCookie !== input.state) {
    throw new LtiRefusal(
      401,
      'This launch did not come back to the browser that started it (its cookie is missing). If the course shows Frontline inside the page, set the tool to open in a new window, or allow cookies for this site, and open the activity again.',
    );
  }
  const platform = await platformById(db, login.platformId);
  if (!platform || platform.removedAt) throw new LtiRefusal(403, 'The platform that started this launch is no longer registered with Frontline.');

  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(input.idToken);
  } catch {
    throw new LtiRefusal(400, 'The id_token is not a signed token (JWS compact form).');
  }
  if (header.alg !== 'RS256') throw new LtiRefusal(401, `The id_token is signed with ${String(header.alg).slice(0, 20)}; LTI 1.3 requires RS256.`);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(input.idToken, (context.keysFor ?? ((p) => platformKeys(p.jwksUrl)))(platform), {
      algorithms: ['RS256'],
      issuer: platform.issuer,
      audience: platform.clientId,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_TOKEN_AGE_SECONDS,
      requiredClaims: ['exp', 'iat', 'sub', 'nonce'],
      currentDate: context.now,
    }));
  } catch (error) {
    throw new LtiRefusal(401, tokenProblem(error, platform));
  }

  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if ((audiences.length > 1 || payload.azp !== undefined) && payload.azp !== platform.clientId) {
    throw new LtiRefusal(
      401,
      `The id_token is meant for several clients, and its authorised party (azp) is ${String(payload.azp ?? 'missing').slice(0, 100)}, not Frontline's client id ${platform.clientId}.`,
    );
  }
  if (payload.nonce !== login.nonce) throw new LtiRefusal(401, 'The id_token’s nonce is not the one this login issued: a token from another launch cannot be used again.');

  const deploymentId = text(payload[CLAIM.deploymentId], 255);
  if (!deploymentId) throw new LtiRefusal(400, 'The id_token has no deployment id.');
  if (!platform.deploymentIds.includes(deploymentId)) {
    throw new LtiRefusal(403, `Deployment ${deploymentId} of ${platform.name} is not registered with Frontline. An administrator adds it to the platform’s registration.`);
  }
  const messageType = payload[CLAIM.messageType];
  if (messageType !== 'LtiResourceLinkRequest' && messageType !== 'LtiDeepLinkingRequest') {
    throw new LtiRefusal(400, `Frontline answers resource link and deep linking launches, not ${String(messageType ?? 'a launch without a message type').slice(0, 60)}.`);
  }
  if (payload[CLAIM.version] !== LTI_VERSION)
    throw new LtiRefusal(400, `This launch says LTI version ${String(payload[CLAIM.version] ?? 'none').slice(0, 20)}; Frontline speaks ${LTI_VERSION}.`);
  const sub = text(payload.sub, 255);
  if (!sub) throw new LtiRefusal(400, 'The id_token does not name the person (sub): Frontline does not take anonymous launches.');
  const resourceLink = record(payload[CLAIM.resourceLink]);
  if (messageType === 'LtiResourceLinkRequest' && !text(resourceLink.id)) throw new LtiRefusal(400, 'A resource link launch must carry the resource link id.');
  const roles = Array.isArray(payload[CLAIM.roles]) ? (payload[CLAIM.roles] as unknown[]).filter((r): r is string => typeof r === 'string').slice(0, 50) : null;
  if (!roles) throw new LtiRefusal(400, 'The id_token has no roles claim.');
  const settingsClaim = record(payload[CLAIM.deepLinkingSettings]);
  const deepLinkReturnUrl = text(settingsClaim.deep_link_return_url);
  if (messageType === 'LtiDeepLinkingRequest' && !deepLinkReturnUrl) throw new LtiRefusal(400, 'A deep linking request must say where to return (deep_link_return_url).');
  const ags = record(payload[CLAIM.ags]);
  const course = record(payload[CLAIM.context]);
  const custom = Object.fromEntries(
    Object.entries(record(payload[CLAIM.custom]))
      .filter(([, value]) => typeof value === 'string')
      .map(([key, value]) => [key, value as string]),
  );

  return {
    platform,
    sub,
    messageType,
    deploymentId,
    roles,
    name: text(payload.name, 200) ?? ([text(payload.given_name, 100), text(payload.family_name, 100)].filter(Boolean).join(' ') || null),
    email: text(payload.email, 320),
    resourceLinkId: text(resourceLink.id, 255),
    contextId: text(course.id, 255),
    contextTitle: text(course.title, 300),
    targetLinkUri: text(payload[CLAIM.targetLinkUri]),
    custom,
    lineItemUrl: text(ags.lineitem),
    agsScopes: Array.isArray(ags.scope) ? (ags.scope as unknown[]).filter((s): s is string => typeof s === 'string') : [],
    deepLinkReturnUrl,
    deepLinkData: text(settingsClaim.data, 4000),
  };
}

/** What was wrong with the token, in words, from jose's error. */
function tokenProblem(error: unknown, platform: LtiPlatform): string {
  if (error instanceof joseErrors.JWTExpired) return 'The id_token has expired. Go back to the course and open the activity again.';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return `The id_token’s signature does not verify with ${platform.name}’s keys: it was not signed by the platform.`;
  if (error instanceof joseErrors.JWKSNoMatchingKey) return `None of ${platform.name}’s published keys (${platform.jwksUrl}) matches the key the id_token names.`;
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === 'aud') return `The id_token is not meant for Frontline: its audience is not the client id ${platform.clientId}.`;
    if (claim === 'iss') return `The id_token was not issued by ${platform.issuer}.`;
    if (claim === 'iat') return 'The id_token was issued too long ago, or in the future: check the platform’s clock.';
    if (claim === 'nbf') return 'The id_token is not valid yet: check the platform’s clock.';
    return `The id_token is missing or has a wrong ${claim} claim.`;
  }
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return `Frontline could not read ${platform.name}’s keys at ${platform.jwksUrl}.`;
  if (error instanceof joseErrors.JOSEError) return `The id_token could not be verified (${error.code}).`;
  return `Frontline could not fetch ${platform.name}’s keys at ${platform.jwksUrl}: ${error instanceof Error ? error.message.slice(0, 200) : String(error)}`;
}

// ---- Signing in ----

const isInstructor = (roles: string[]) => roles.some((role) => (INSTRUCTOR_ROLES as readonly string[]).includes(role));

/** The email a linked account is made with when the platform sends none, or one another account already has. */
export const placeholderEmail = (issuer: string, sub: string) => `lti-${createHash('sha256').update(`${issuer}\n${sub}`).digest('hex').slice(0, 16)}@lti.invalid`;

export interface LaunchSignIn {
  user: User;
  created: boolean;
}

/**
 * The account a launch signs in to: linked to the platform's issuer and the person's sub, and made
 * on the first launch as a trainee (a trainer for an LMS Instructor where the admin allowed it for
 * the platform). An account is never found by email: an LMS may let people set any email, and an
 * account must not be taken that way. A deactivated account is refused.
 */
export async function signInFromLaunch(db: Database, claims: LaunchClaims, context: { now: Date; address: string | null }): Promise<LaunchSignIn> {
  const { platform, sub } = claims;
  const asTrainer = platform.instructorsAsTrainers && isInstructor(claims.roles);
  return db.transaction(async (tx) => {
    const [link] = await tx
      .select({ user: users })
      .from(ltiAccounts)
      .innerJoin(users, eq(users.id, ltiAccounts.userId))
      .where(and(eq(ltiAccounts.issuer, platform.issuer), eq(ltiAccounts.sub, sub)));
    let user = link?.user;
    let created = false;
    if (user && !user.active) throw new LtiRefusal(403, 'Your Frontline account is deactivated. Ask your training team to reactivate it.');
    if (!user) {
      const [taken] = claims.email ? await tx.select({ id: users.id }).from(users).where(eq(users.email, claims.email.toLowerCase())) : [];
      const email = claims.email && !taken ? claims.email.toLowerCase() : placeholderEmail(platform.issuer, sub);
      const role = asTrainer ? 'trainer' : 'trainee';
      [user] = await tx
        .insert(users)
        .values({ email, name: claims.name ?? `${platform.name} learner`, role, startDate: context.now.toISOString().slice(0, 10) })
        .returning();
      await tx.insert(ltiAccounts).values({ issuer: platform.issuer, sub, userId: user!.id, createdAt: context.now, lastLaunchAt: context.now });
      await recordAudit(tx, {
        action: 'user-created',
        actorId: null,
        targetUserId: user!.id,
        subject: email,
        address: context.address,
        details: { via: 'lti', platform: platform.name, role },
      });
      created = true;
    } else {
      await tx
        .update(ltiAccounts)
        .set({ lastLaunchAt: context.now })
        .where(and(eq(ltiAccounts.issuer, platform.issuer), eq(ltiAccounts.sub, sub)));
      if (asTrainer && user.role === 'trainee') {
        [user] = await tx.update(users).set({ role: 'trainer' }).where(eq(users.id, user.id)).returning();
        await recordAudit(tx, {
          action: 'role-changed',
          actorId: null,
          targetUserId: user!.id,
          address: context.address,
          details: { via: 'lti', platform: platform.name, from: 'trainee', to: 'trainer' },
        });
      }
    }
    await recordSignIn(tx, user!, { via: 'lti', address: context.address, now: context.now });
    return { user: { ...user!, lastSignInAt: context.now }, created };
  });
}

// ---- The target ----

export type LaunchTarget = { kind: 'scenario'; scenarioId: string } | { kind: 'module'; moduleId: string } | { kind: 'home' } | { kind: 'deep-linking' };

/**
 * What the launch opens: a deep linking request opens the picker; otherwise the custom parameter
 * `scenario` or `module`, else the target link URI's /scenarios/<id> or /modules/<id>, else home.
 */
export function launchTarget(claims: Pick<LaunchClaims, 'messageType' | 'custom' | 'targetLinkUri'>): LaunchTarget {
  if (claims.messageType === 'LtiDeepLinkingRequest') return { kind: 'deep-linking' };
  const scenario = claims.custom.scenario?.trim();
  if (scenario) return { kind: 'scenario', scenarioId: scenario };
  const moduleId = claims.custom.module?.trim();
  if (moduleId) return { kind: 'module', moduleId };
  if (claims.targetLinkUri) {
    try {
      const path = new URL(claims.targetLinkUri).pathname;
      const scenarioMatch = /^\/scenarios\/([^/]+)\/?$/.exec(path);
      if (scenarioMatch) return { kind: 'scenario', scenarioId: decodeURIComponent(scenarioMatch[1]!) };
      const moduleMatch = /^\/modules\/([^/]+)\/?$/.exec(path);
      if (moduleMatch) return { kind: 'module', moduleId: decodeURIComponent(moduleMatch[1]!) };
    } catch {
      // An unreadable target opens home.
    }
  }
  return { kind: 'home' };
}

export interface AcceptedLaunch {
  launch: LtiLaunch;
  /** Where the browser goes once signed in: relative to the site. */
  path: string;
}

/**
 * Records the launch, audits it, and opens its target. A scenario starts an attempt linked to the
 * launch, whose score goes back to the line item when it finishes (an attempt of the same launch
 * still in progress is resumed instead). A module opens the person's home, where it is listed.
 */
export async function acceptLaunch(db: Database, claims: LaunchClaims, user: User, context: { now: Date; address: string | null }): Promise<AcceptedLaunch> {
  const target = launchTarget(claims);
  if (target.kind === 'scenario' && !(await newestVersion(db, target.scenarioId))) {
    throw new LtiRefusal(
      404,
      `The activity opens the scenario "${target.scenarioId.slice(0, 100)}", which is not in Frontline's library. Ask the course's teacher to choose it again.`,
    );
  }
  if (target.kind === 'module') {
    const [found] = isUuid(target.moduleId) ? await db.select({ id: modules.id }).from(modules).where(eq(modules.id, target.moduleId)) : [];
    if (!found) throw new LtiRefusal(404, `The activity opens a module Frontline does not have (${target.moduleId.slice(0, 100)}). Ask the course's teacher to choose it again.`);
  }
  if (target.kind === 'deep-linking' && user.role === 'trainee') {
    throw new LtiRefusal(403, 'Choosing Frontline activities for a course is for trainers. Ask an administrator to let this platform’s instructors be trainers.');
  }
  const [launch] = await db
    .insert(ltiLaunches)
    .values({
      platformId: claims.platform.id,
      userId: user.id,
      sub: claims.sub,
      messageType: claims.messageType,
      deploymentId: claims.deploymentId,
      roles: claims.roles,
      resourceLinkId: claims.resourceLinkId,
      contextId: claims.contextId,
      contextTitle: claims.contextTitle,
      targetScenarioId: target.kind === 'scenario' ? target.scenarioId : null,
      targetModuleId: target.kind === 'module' ? target.moduleId : null,
      lineItemUrl: claims.lineItemUrl,
      agsScopes: claims.agsScopes,
      deepLinkReturnUrl: claims.deepLinkReturnUrl,
      deepLinkData: claims.deepLinkData,
      createdAt: context.now,
    })
    .returning();
  await recordAudit(db, {
    action: 'lti-launch',
    actorId: user.id,
    targetUserId: user.id,
    subject: claims.platform.name,
    address: context.address,
    details: { messageType: claims.messageType, deploymentId: claims.deploymentId, context: claims.contextTitle, target },
  });

  switch (target.kind) {
    case 'deep-linking':
      return { launch: launch!, path: `/lti/deep-link/${launch!.id}` };
    case 'module':
      await awaitModuleGrade(db, launch!);
      return { launch: launch!, path: '/' };
    case 'home':
      return { launch: launch!, path: '/' };
    case 'scenario':
      return { launch: launch!, path: `/play/${await attemptForLaunch(db, launch!, user, target.scenarioId, context.now)}` };
  }
}

/**
 * A module launch with a line item and the right to post scores waits for the module: once the
 * person's assignment of it completes, its score goes to this launch's line item (grades.ts). An
 * earlier launch of the same resource link whose score was not sent yet gives way to this one, so
 * a module's score is posted once per resource link.
 */
async function awaitModuleGrade(db: Database, launch: LtiLaunch): Promise<void> {
  if (!launch.lineItemUrl || !launch.agsScopes.includes(SCORE_SCOPE)) return;
  if (launch.resourceLinkId) {
    const earlier = db
      .select({ id: ltiLaunches.id })
      .from(ltiLaunches)
      .where(
        and(
          eq(ltiLaunches.userId, launch.userId),
          eq(ltiLaunches.platformId, launch.platformId),
          eq(ltiLaunches.resourceLinkId, launch.resourceLinkId),
          eq(ltiLaunches.targetModuleId, launch.targetModuleId!),
        ),
      );
    await db.delete(ltiModuleGradeDeliveries).where(and(isNull(ltiModuleGradeDeliveries.sentAt), inArray(ltiModuleGradeDeliveries.launchId, earlier)));
  }
  await db.insert(ltiModuleGradeDeliveries).values({ launchId: launch.id });
}

/**
 * The attempt a scenario launch plays: the one an earlier launch of the same resource link left
 * unfinished, or a new one. Either way its score goes to this launch's line item (the newest).
 */
async function attemptForLaunch(db: Database, launch: LtiLaunch, user: User, scenarioId: string, now: Date): Promise<string> {
  const [unfinished] = launch.resourceLinkId
    ? await db
        .select({ attemptId: ltiGradeDeliveries.attemptId })
        .from(ltiGradeDeliveries)
        .innerJoin(ltiLaunches, eq(ltiLaunches.id, ltiGradeDeliveries.launchId))
        .innerJoin(attempts, eq(attempts.id, ltiGradeDeliveries.attemptId))
        .where(
          and(
            eq(ltiLaunches.userId, user.id),
            eq(ltiLaunches.platformId, launch.platformId),
            eq(ltiLaunches.resourceLinkId, launch.resourceLinkId),
            eq(attempts.status, 'in-progress'),
          ),
        )
        .limit(1)
    : [];
  if (unfinished) {
    await db.update(ltiGradeDeliveries).set({ launchId: launch.id }).where(eq(ltiGradeDeliveries.attemptId, unfinished.attemptId));
    return unfinished.attemptId;
  }
  const attemptId = await startAttempt(db, user.id, scenarioId, user.timeMode, now);
  await db.insert(ltiGradeDeliveries).values({ attemptId, launchId: launch.id });
  return attemptId;
}

// ---- A launch shown inside the LMS's frame ----

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * A one-time ticket that continues a framed launch in a window of its own, where Frontline's
 * session cookie can be set: the frame is another site's, so the browser keeps cookies out of it.
 */
export async function issueOpenTicket(db: Database, launchId: string, now: Date): Promise<string> {
  const ticket = randomBytes(32).toString('base64url');
  await db
    .update(ltiLaunches)
    .set({ openTicketHash: sha256(ticket), openTicketExpiresAt: new Date(now.getTime() + OPEN_TICKET_MS) })
    .where(eq(ltiLaunches.id, launchId));
  return ticket;
}

/** Uses a ticket once: the launch it continues and where it goes, or a refusal. */
export async function redeemOpenTicket(db: Database, ticket: string, now: Date): Promise<AcceptedLaunch> {
  const [launch] = await db
    .update(ltiLaunches)
    .set({ openTicketHash: null, openTicketExpiresAt: null })
    .where(and(eq(ltiLaunches.openTicketHash, sha256(ticket)), gt(ltiLaunches.openTicketExpiresAt, now)))
    .returning();
  if (!launch) throw new LtiRefusal(400, 'This link to open Frontline was already used or is over two minutes old. Go back to the course and open the activity again.');
  return { launch, path: await launchPath(db, launch) };
}

/** Where an accepted launch goes, as acceptLaunch said. */
async function launchPath(db: Database, launch: LtiLaunch): Promise<string> {
  if (launch.messageType === 'LtiDeepLinkingRequest') return `/lti/deep-link/${launch.id}`;
  const [played] = await db.select({ attemptId: ltiGradeDeliveries.attemptId }).from(ltiGradeDeliveries).where(eq(ltiGradeDeliveries.launchId, launch.id));
  return played ? `/play/${played.attemptId}` : '/';
}
