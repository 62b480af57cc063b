import { NextResponse, type NextRequest } from 'next/server';
import { LOCKED_DOWN_POLICY, newNonce, policyFor, requestKind } from './server/security-headers';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];
const CSP = 'Content-Security-Policy';

/**
 * Runs before every request except the build's own files under /_next/ (next.config.ts gives those
 * their headers). It does two things:
 * - the Content-Security-Policy, with a fresh nonce for pages. The policy goes on the request too:
 *   Next.js reads the nonce from there and puts it on the scripts it renders.
 * - a courtesy for pages that need a session: a visitor without a session cookie goes straight to
 *   sign-in. Only a courtesy: every page and route handler checks the session itself.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const kind = requestKind(pathname);

  if (kind === 'page' && !SESSION_COOKIES.some((name) => request.cookies.has(name))) {
    const url = request.nextUrl.clone();
    const from = `${pathname}${search}`;
    url.pathname = '/login';
    url.search = from === '/' ? '' : `?from=${encodeURIComponent(from)}`;
    const redirect = NextResponse.redirect(url);
    redirect.headers.set(CSP, LOCKED_DOWN_POLICY);
    return redirect;
  }

  const policy = policyFor(kind, newNonce(), { development: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(CSP, policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set(CSP, policy);
  return response;
}

export const config = {
  matcher: ['/((?!_next/).*)'],
};
