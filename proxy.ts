import { NextResponse, type NextRequest } from 'next/server';

const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

/**
 * Sends a visitor without a session cookie straight to sign-in. Only a courtesy: every page and
 * route handler checks the session itself.
 */
export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const url = request.nextUrl.clone();
  const from = `${request.nextUrl.pathname}${request.nextUrl.search}`;
  url.pathname = '/login';
  url.search = from === '/' ? '' : `?from=${encodeURIComponent(from)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Pages only: not the API (it answers 401 itself), sign-in, or static files.
  matcher: ['/((?!api/|login|_next/|favicon.ico|scenario.schema.json|.*\\.(?:png|svg|jpg|ico|txt|json)$).*)'],
};
