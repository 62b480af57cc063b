import { NextResponse, type NextRequest } from 'next/server';
import appMethods from './lib/http-methods.json';
import { findUnstorableInAddress } from './lib/storable-text';
import { LOCKED_DOWN_POLICY, newNonce, policyFor, requestKind, transportSecurityHeader } from './server/platform/security-headers';

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
    const redirect = NextResponse.redirect(new URL(login, addressUsed(request)));
    redirect.headers.set(CSP, LOCKED_DOWN_POLICY);
    if (HSTS) redirect.headers.set('Strict-Transport-Security', HSTS);
    return redirect;
  }

  const policy = policyFor(kind, newNonce(), { development: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(CSP, policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set(CSP, policy);
  if (HSTS) response.headers.set('Strict-Transport-Security', HSTS);
  return response;
}

const HSTS = transportSecurityHeader(process.env.NEXTAUTH_URL);

/**
 * The address the browser used, so a redirect keeps it whatever the site calls itself (as
 * server/platform/site-origin.ts works it out, read from the environment here; a redirect from here must be
 * absolute). A reverse proxy's X-Forwarded-Host and -Proto count only with FRONTLINE_TRUSTED_PROXIES.
 */
function addressUsed(request: NextRequest): string {
  const trusted = Number(process.env.FRONTLINE_TRUSTED_PROXIES ?? 0) > 0;
  const first = (name: string) => request.headers.get(name)?.split(',')[0]?.trim() || null;
  const host = (trusted ? first('x-forwarded-host') : null) ?? request.headers.get('host');
  if (!host) return request.nextUrl.origin;
  const forwarded = trusted ? first('x-forwarded-proto') : null;
  const scheme = forwarded === 'https' || forwarded === 'http' ? `${forwarded}:` : request.nextUrl.protocol;
  try {
    return new URL(`${scheme}//${host}`).origin;
  } catch {
    return request.nextUrl.origin;
  }
}

const METHODS = new Set(appMethods);

/** A refusal in the form the caller reads: JSON for the API, a line of text for a browser. */
function refusal(kind: string, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  const response =
    kind === 'api' || kind === 'auth-api'
      ? NextResponse.json({ error: { code, message } }, { status, headers })
      : new NextResponse(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });
  response.headers.set(CSP, LOCKED_DOWN_POLICY);
  response.headers.set('Cache-Control', 'no-store');
  if (HSTS) response.headers.set('Strict-Transport-Security', HSTS);
  return response;
}

export const config = {
  matcher: ['/((?!_next/).*)'],
};
