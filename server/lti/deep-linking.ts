import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import type { ScenarioDocument } from '@/machines';
import type { Database } from '../db';
import { ltiLaunches, ltiPlatforms, scenarioVersions, type LtiLaunch, type LtiPlatform, type User } from '../db/schema';
import { listModules } from '../onboarding/modules';
import { newestVersions } from '../training/library';
import { RecordNotFoundError } from '../platform/errors';
import { isUuid } from '@/lib/uuid';
import { CLAIM, LTI_VERSION } from './claims';
import { KEY_ALGORITHM, signingKey } from './keys';
import { LtiRefusal } from './login';
import type { DeepLinkPicks } from './schemas';

/**
 * Deep Linking 2.0 (decision 036): a trainer launched from the LMS to choose activities picks
 * scenarios or modules, and Frontline answers the platform with a signed LtiDeepLinkingResponse:
 * one resource link per pick (its target link URI and the custom parameter that opens it), each
 * scenario with a line item out of 100 for its grade.
 */

/** How long after its launch a deep linking request may still be answered. */
const ANSWER_WITHIN_MS = 60 * 60_000;

export interface DeepLinkingRequest {
  launch: LtiLaunch;
  platform: LtiPlatform;
}

/** The actor's own deep linking launch, still open to an answer; anything else is not found. */
export async function deepLinkingRequest(db: Database, launchId: string, actor: Pick<User, 'id'>, now = new Date()): Promise<DeepLinkingRequest> {
  if (!isUuid(launchId)) throw new RecordNotFoundError('content selection');
  const [row] = await db
    .select({ launch: ltiLaunches, platform: ltiPlatforms })
    .from(ltiLaunches)
    .innerJoin(ltiPlatforms, eq(ltiPlatforms.id, ltiLaunches.platformId))
    .where(and(eq(ltiLaunches.id, launchId), eq(ltiLaunches.userId, actor.id), eq(ltiLaunches.messageType, 'LtiDeepLinkingRequest')));
  if (!row) throw new RecordNotFoundError('content selection');
  if (now.getTime() - row.launch.createdAt.getTime() > ANSWER_WITHIN_MS) {
    throw new LtiRefusal(409, 'This choice of activities was started over an hour ago. Start it again from the course.');
  }
  return row;
}

export interface PickableItems {
  scenarios: { id: string; title: string; summary: string }[];
  modules: { id: string; title: string; scenarioCount: number }[];
}

/** What a trainer may put in a course: the playable scenarios and the modules not archived. */
export async function pickableItems(db: Database, actor: User): Promise<PickableItems> {
  const newest = await newestVersions(db, { scenarioId: scenarioVersions.scenarioId, title: scenarioVersions.title, source: scenarioVersions.source });
  return {
    scenarios: newest
      .map((row) => ({ id: row.scenarioId, title: row.title, summary: (JSON.parse(row.source) as ScenarioDocument).meta.summary ?? '' }))
      .sort((a, b) => a.title.localeCompare(b.title)),
    modules: (await listModules(db, actor)).filter((m) => !m.archived).map((m) => ({ id: m.id, title: m.title, scenarioCount: m.scenarioCount })),
  };
}

/** The signed response and where it goes. */
export async function deepLinkingResponse(
  db: Database,
  request: DeepLinkingRequest,
  picks: DeepLinkPicks,
  actor: User,
  site: string,
  now = new Date(),
): Promise<{ returnUrl: string; jwt: string; items: number }> {
  const available = await pickableItems(db, actor);
  const scenarios = picks.scenarios.map((id) => available.scenarios.find((s) => s.id === id) ?? id);
  const modules = picks.modules.map((id) => available.modules.find((m) => m.id === id.toLowerCase()) ?? id);
  const missing = [...scenarios, ...modules].filter((pick): pick is string => typeof pick === 'string');
  if (missing.length) throw new LtiRefusal(400, `Not in the library: ${missing.slice(0, 5).join(', ')}.`);
  if (!scenarios.length && !modules.length) throw new LtiRefusal(400, 'Choose at least one scenario or module.');

  const items = [
    ...scenarios.map((s) => {
      const scenario = s as PickableItems['scenarios'][number];
      return {
        type: 'ltiResourceLink',
        title: scenario.title,
        ...(scenario.summary ? { text: scenario.summary } : {}),
        url: `${site}/scenarios/${encodeURIComponent(scenario.id)}`,
        custom: { scenario: scenario.id },
        lineItem: { scoreMaximum: 100, label: scenario.title, resourceId: `scenario:${scenario.id}` },
      };
    }),
    ...modules.map((m) => {
      const picked = m as PickableItems['modules'][number];
      return { type: 'ltiResourceLink', title: picked.title, url: `${site}/modules/${picked.id}`, custom: { module: picked.id } };
    }),
  ];
  const { launch, platform } = request;
  const key = await signingKey(db);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const jwt = await new SignJWT({
    nonce: randomBytes(16).toString('base64url'),
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: launch.deploymentId,
    [CLAIM.contentItems]: items,
    ...(launch.deepLinkData ? { [CLAIM.deepLinkData]: launch.deepLinkData } : {}),
    [CLAIM.deepLinkMessage]: `${items.length} Frontline ${items.length === 1 ? 'activity' : 'activities'} added.`,
  })
    .setProtectedHeader({ alg: KEY_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + 300)
    .sign(key.privateKey);
  return { returnUrl: launch.deepLinkReturnUrl!, jwt, items: items.length };
}
