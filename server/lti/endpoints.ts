import 'server-only';
import type { Database } from '../db';
import { sessionCookieFor } from '../auth/session-cookie';
import { secureCookiesFor } from '../auth/options';
import { findUser } from '../auth/sign-in';
import { requestAddress } from '../people/audit';
import { HttpError } from '../platform/errors';
import { parseBody } from '../platform/parse-body';
import { settings } from '../platform/settings';
import { publicOrigin } from '../platform/site-origin';
import { acceptLaunch, issueOpenTicket, redeemOpenTicket, signInFromLaunch, validateLaunch, type LaunchContext } from './launch';
import { LOGIN_STATE_MS, LtiRefusal, startLogin, stateCookieName } from './login';
import { cookieValue, openInWindowPage, refusalPage, setCookie } from './pages';
import { loginInitiation } from './schemas';

/**
 * What the LTI route handlers do, kept here so that tests drive them with plain Requests. Every
 * refusal is a page with its 4xx status (pages.ts), never JSON and never a 500.
 */

const secure = () => secureCookiesFor(settings().siteOrigin);

/** Cross-site cookies must be SameSite=None, which browsers take only with Secure; on this machine over http, Lax (the LMS under test is on the same site). */
const stateCookieOptions = (maxAge: number) => ({ maxAge, sameSite: secure() ? ('none' as const) : ('lax' as const), secure: secure() });

async function asPage(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError && error.status < 500) return refusalPage(error);
    throw error;
  }
}

/** GET or POST /api/lti/login: the parameters from the query or the form. */
export function login(db: Database, request: Request, parameters: Record<string, unknown>, now = new Date()): Promise<Response> {
  return asPage(async () => {
    const initiation = parseBody(loginInitiation, parameters);
    const { location, state } = await startLogin(db, initiation, publicOrigin(request), now);
    return new Response(null, {
      status: 302,
      headers: { Location: location, 'Cache-Control': 'no-store', 'Set-Cookie': setCookie(stateCookieName(state, secure()), state, stateCookieOptions(LOGIN_STATE_MS / 1000)) },
    });
  });
}

/** POST /api/lti/launch. */
export function launch(db: Database, request: Request, body: { id_token: string; state: string }, context: Partial<LaunchContext> = {}): Promise<Response> {
  const now = context.now ?? new Date();
  const address = requestAddress(request.headers);
  const cookieName = stateCookieName(body.state, secure());
  const forgetState = setCookie(cookieName, '', stateCookieOptions(0));
  return asPage(async () => {
    const claims = await validateLaunch(db, { idToken: body.id_token, state: body.state, stateCookie: cookieValue(request, cookieName) }, { ...context, now });
    const { user } = await signInFromLaunch(db, claims, { now, address });
    const accepted = await acceptLaunch(db, claims, user, { now, address });
    // Inside the LMS's frame no cookie of ours can be set: continue in a window of its own.
    if (request.headers.get('sec-fetch-dest') === 'iframe') {
      const ticket = await issueOpenTicket(db, accepted.launch.id, now);
      const origins = [...new Set([claims.platform.issuer, claims.platform.authUrl].map((url) => new URL(url).origin))];
      return openInWindowPage(ticket, origins, { 'Set-Cookie': forgetState });
    }
    return signedInRedirect(user, accepted.path, now, forgetState);
  }).then((response) => {
    if (response.status >= 400) response.headers.append('Set-Cookie', forgetState);
    return response;
  });
}

/** POST /api/lti/open: a framed launch continued in a window of its own. */
export function open(db: Database, ticket: string, now = new Date()): Promise<Response> {
  return asPage(async () => {
    const { launch: accepted, path } = await redeemOpenTicket(db, ticket, now);
    const user = await findUser(db, accepted.userId);
    if (!user || !user.active) throw new LtiRefusal(403, 'Your Frontline account is deactivated. Ask your training team to reactivate it.');
    return signedInRedirect(user, path, now);
  });
}

export async function signedInRedirect(user: Parameters<typeof sessionCookieFor>[0], path: string, now: Date, ...extraCookies: string[]): Promise<Response> {
  const session = await sessionCookieFor(user, now);
  const headers = new Headers({ Location: path, 'Cache-Control': 'no-store' });
  headers.append('Set-Cookie', setCookie(session.name, session.value, { maxAge: session.options.maxAge, sameSite: 'lax', secure: session.options.secure }));
  for (const cookie of extraCookies) headers.append('Set-Cookie', cookie);
  // Relative: the browser stays at the address it used.
  return new Response(null, { status: 303, headers });
}
