import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { lt } from 'drizzle-orm';
import type { Database } from '../db';
import { ltiLoginStates } from '../db/schema';
import { HttpError } from '../platform/errors';
import { platformForLogin } from './platforms';
import type { LoginInitiation } from './schemas';

/**
 * The OIDC third-party login that starts every LTI launch (LTI 1.3 Core §4.1, decision 036). The
 * platform names itself and the person; Frontline keeps a fresh state and nonce, binds the state
 * to this browser with a cookie, and sends the browser to the platform's authorisation endpoint,
 * which posts the signed launch back to /api/lti/launch.
 */

/** How long a login may take between here and the launch. */
export const LOGIN_STATE_MS = 10 * 60_000;

/** The cookie that binds a state to the browser that started the login: one per login, so two tabs launching at once both work. */
export const stateCookieName = (state: string, secure: boolean) => `${secure ? '__Host-' : ''}frontline-lti-${createHash('sha256').update(state).digest('hex').slice(0, 16)}`;

export interface LoginRedirect {
  /** The platform's authorisation endpoint with the authentication request. */
  location: string;
  state: string;
}

/** A launch refused: the page says why in words, with the status. */
export class LtiRefusal extends HttpError {
  constructor(status: 400 | 401 | 403 | 404 | 409, message: string) {
    super(status, 'lti-refused', message);
  }
}

/** Starts a login: the platform must be registered, and the target must be this site. */
export async function startLogin(db: Database, initiation: LoginInitiation, site: string, now = new Date()): Promise<LoginRedirect> {
  const platform = await platformForLogin(db, initiation.iss, initiation.client_id);
  if (platform === 'unknown') {
    throw new LtiRefusal(
      400,
      `No learning platform with issuer ${initiation.iss.slice(0, 200)}${initiation.client_id ? ` and client id ${initiation.client_id.slice(0, 100)}` : ''} is registered with Frontline. An administrator registers it under Administration › LMS connections.`,
    );
  }
  if (platform === 'ambiguous') throw new LtiRefusal(400, `Several registrations share the issuer ${initiation.iss.slice(0, 200)}; the platform must send client_id to say which.`);
  if (initiation.lti_deployment_id !== undefined && !platform.deploymentIds.includes(initiation.lti_deployment_id)) {
    throw new LtiRefusal(
      403,
      `Deployment ${initiation.lti_deployment_id.slice(0, 100)} of ${platform.name} is not registered with Frontline. Add it to the platform's registration.`,
    );
  }
  if (!isOnSite(initiation.target_link_uri, site)) {
    throw new LtiRefusal(
      400,
      `The target ${initiation.target_link_uri.slice(0, 200)} is not an address of this site (${site}). Set the tool's target link URI to ${site}/api/lti/launch or a page of this site.`,
    );
  }

  const state = randomBytes(32).toString('base64url');
  const nonce = randomBytes(32).toString('base64url');
  // Logins never finished are forgotten as new ones start.
  await db.delete(ltiLoginStates).where(lt(ltiLoginStates.expiresAt, new Date(now.getTime() - LOGIN_STATE_MS)));
  await db.insert(ltiLoginStates).values({ state, nonce, platformId: platform.id, createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_STATE_MS) });

  const location = new URL(platform.authUrl);
  const params: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: `${site}/api/lti/launch`,
    login_hint: initiation.login_hint,
    state,
    nonce,
    ...(initiation.lti_message_hint !== undefined ? { lti_message_hint: initiation.lti_message_hint } : {}),
  };
  for (const [name, value] of Object.entries(params)) location.searchParams.set(name, value);
  return { location: location.toString(), state };
}

/** Whether an address is on this site (same origin). */
export function isOnSite(address: string, site: string): boolean {
  try {
    return new URL(address).origin === new URL(site).origin;
  } catch {
    return false;
  }
}
