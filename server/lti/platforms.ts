import 'server-only';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db';
import { ltiPlatforms, type LtiPlatform } from '../db/schema';
import { recordAudit } from '../people/audit';
import { HttpError, RecordNotFoundError } from '../platform/errors';
import { isUuid } from '@/lib/uuid';
import type { PlatformRegistration } from './schemas';

/** Who registers or removes a platform: an admin (with their address), or the console (null). */
export interface PlatformActor {
  id: string | null;
  address?: string | null;
}

/** The platforms that may launch Frontline now, oldest first. */
export async function listPlatforms(db: Database): Promise<LtiPlatform[]> {
  return db.select().from(ltiPlatforms).where(isNull(ltiPlatforms.removedAt)).orderBy(asc(ltiPlatforms.createdAt), asc(ltiPlatforms.id));
}

/** Registers a platform. The same issuer and client id twice is refused (409), naming the first. */
export async function registerPlatform(db: Database, registration: PlatformRegistration, actor: PlatformActor): Promise<LtiPlatform> {
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ name: ltiPlatforms.name })
      .from(ltiPlatforms)
      .where(and(eq(ltiPlatforms.issuer, registration.issuer), eq(ltiPlatforms.clientId, registration.clientId), isNull(ltiPlatforms.removedAt)));
    if (existing) {
      throw new HttpError(
        409,
        'conflict',
        `"${existing.name}" is already registered with issuer ${registration.issuer} and client id ${registration.clientId}. Remove it first to register it again.`,
      );
    }
    const [platform] = await tx
      .insert(ltiPlatforms)
      .values({ ...registration, deploymentIds: [...new Set(registration.deploymentIds)], createdBy: actor.id })
      .returning();
    await recordAudit(tx, {
      action: 'lti-platform-added',
      actorId: actor.id,
      subject: platform!.name,
      address: actor.address ?? null,
      details: { via: actor.id ? 'admin' : 'console', issuer: platform!.issuer, clientId: platform!.clientId, deploymentIds: platform!.deploymentIds },
    });
    return platform!;
  });
}

/** Stops a platform launching Frontline. Its launches and the accounts they made stay. */
export async function removePlatform(db: Database, platformId: string, actor: PlatformActor, now = new Date()): Promise<LtiPlatform> {
  if (!isUuid(platformId)) throw new RecordNotFoundError('platform');
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .update(ltiPlatforms)
      .set({ removedAt: now })
      .where(and(eq(ltiPlatforms.id, platformId), isNull(ltiPlatforms.removedAt)))
      .returning();
    if (!removed) throw new RecordNotFoundError('platform');
    await recordAudit(tx, {
      action: 'lti-platform-removed',
      actorId: actor.id,
      subject: removed.name,
      address: actor.address ?? null,
      details: { via: actor.id ? 'admin' : 'console', issuer: removed.issuer, clientId: removed.clientId },
    });
    return removed;
  });
}

/**
 * The registered platform a login names: by issuer, and by client id when the platform sends one
 * (it must when it has registered Frontline more than once).
 */
export async function platformForLogin(db: Database, issuer: string, clientId: string | undefined): Promise<LtiPlatform | 'unknown' | 'ambiguous'> {
  const candidates = (await listPlatforms(db)).filter((p) => p.issuer === issuer && (clientId === undefined || p.clientId === clientId));
  if (candidates.length === 0) return 'unknown';
  if (candidates.length > 1) return 'ambiguous';
  return candidates[0]!;
}

/** A registered (not removed) platform by id; anything else is not found. */
export async function registeredPlatform(db: Database, platformId: string): Promise<LtiPlatform> {
  const platform = isUuid(platformId) ? await platformById(db, platformId) : null;
  if (!platform || platform.removedAt) throw new RecordNotFoundError('platform');
  return platform;
}

export async function platformById(db: Database, platformId: string): Promise<LtiPlatform | null> {
  const [platform] = await db.select().from(ltiPlatforms).where(eq(ltiPlatforms.id, platformId));
  return platform ?? null;
}

/** The tool's own addresses, to paste into the LMS. */
export function toolUrls(site: string) {
  return {
    loginUrl: `${site}/api/lti/login`,
    launchUrl: `${site}/api/lti/launch`,
    jwksUrl: `${site}/api/lti/jwks`,
    /** Where a deep-linking request lands; the same launch endpoint. */
    deepLinkingUrl: `${site}/api/lti/launch`,
  };
}
