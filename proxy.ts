import { NextResponse, type NextRequest } from 'next/server';
import appMethods from './lib/http-methods.json';
import { findUnstorableInAddress } from './lib/storable-text';
import { LOCKED_DOWN_POLICY, newNonce, policyFor, requestKind, transportSecurityHeader } from './server/platform/security-headers';
import { settings } from './server/platform/settings';
import { requestOrigin } from './server/platform/site-origin';

/** Every answer from here carries the site's policy, and HSTS when its configured address is https. */
function withSecurityHeaders<R extends NextResponse>(response: R, policy: string): R {
  response.headers.set(CSP, policy);
  return withTransportSecurity(response);
}

function withTransportSecurity<R extends NextResponse>(response: R): R {
  const transportSecurity = transportSecurityHeader(settings().siteOrigin);
  if (transportSecurity) response.headers.set('Strict-Transport-Security', transportSecurity);
  return response;
}

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];
const CSP = 'Content-Security-Policy';

/**
 * Runs before every request except the build's own files under /_next/ (next.config.ts gives those
 * their headers). It:
 * - refuses what no page or handler should have to read: an unknown method, a NUL or a broken
 *   escape in the address (docs/security.md);
 * - sets the Content-Security-Policy, with a fresh nonce for pages. The policy goes on the request
 *   too: Next.js reads the nonce from there and puts it on the scripts it renders;
 * - sends a visitor without a session cookie from a page straight to sign-in. Only a courtesy:
 *   every page and route handler checks the session itself.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const kind = requestKind(pathname);

  // Methods the app answers; anything else is refused here, not by a 500 further in. (`npm start`'s
  // server refuses them first, including TRACE, which Next cannot make a request of.)
  if (!METHODS.has(request.method)) {
    return refusal(kind, 405, 'method-not-allowed', `This site does not answer ${request.method.slice(0, 20)} requests.`, { Allow: [...METHODS].join(', ') });
  }
  // One rule for every address: a NUL or broken escape in the path or a query is refused, by name, before any page or handler reads it.
  const unstorable = findUnstorableInAddress(request.nextUrl);
  if (unstorable) return refusal(kind, 400, 'invalid', `Bad request: ${unstorable.path} ${unstorable.reason}, which this site cannot read.`);

  if (kind === 'page' && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const from = `${pathname}${search}`;
    const login = from === '/' ? '/login' : `/login?from=${encodeURIComponent(from)}`;
    // The address the browser used, so the redirect keeps it whatever the site calls itself.
    return withSecurityHeaders(NextResponse.redirect(new URL(login, requestOrigin(request) ?? request.nextUrl.origin)), LOCKED_DOWN_POLICY);
  }

  // The LTI endpoints answer with their own policy (server/lti/pages.ts): an LMS may frame them.
  if (kind === 'lti-api') return withTransportSecurity(NextResponse.next());

  const policy = policyFor(kind, newNonce(), { development: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(CSP, policy);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), policy);
}

const METHODS = new Set(appMethods);

/** A refusal in the form the caller reads: JSON for the API, a line of text for a browser. */
function refusal(kind: string, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  const response =
    kind === 'api' || kind === 'auth-api' || kind === 'lti-api'
      ? NextResponse.json({ error: { code, message } }, { status, headers })
      : new NextResponse(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });
  response.headers.set('Cache-Control', 'no-store');
  return withSecurityHeaders(response, LOCKED_DOWN_POLICY);
}

export const config = {
  matcher: ['/((?!_next/).*)'],
};
