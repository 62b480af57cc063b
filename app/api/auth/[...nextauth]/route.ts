import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { requestAddress } from '@/server/people/audit';
import { authOptions, signInFailure, throttledError } from '@/server/auth/options';
import { currentUser } from '@/server/auth/session';
import { publicOrigin } from '@/server/platform/site-origin';
import { isStorableText } from '@/lib/storable-text';
import { settings } from '@/server/platform/settings';
import { database } from '@/server/db';
import { signInThrottle } from '@/server/auth/sign-in';

type AuthRouteContext = { params: Promise<{ nextauth: string[] }> };

const nextAuth = NextAuth(authOptions) as (request: NextRequest, context: AuthRouteContext) => Promise<Response>;

/**
 * next-auth; its session endpoint reports the person as the server sees them now: nobody once the
 * account is deactivated or signed out everywhere, and the role they hold today, not the one they
 * signed in with.
 */
export async function GET(request: NextRequest, context: AuthRouteContext): Promise<Response> {
  const response = await nextAuth(request, context);
  const [action] = (await context.params).nextauth;
  if (action !== 'session' || response.status !== 200) return response;
  const session = (await response.clone().json()) as { user?: Record<string, unknown>; expires?: string } | null;
  if (!session?.user) return response;
  const user = await currentUser();
  const body = user ? { ...session, user: { ...session.user, name: user.name, email: user.email, role: user.role } } : {};
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return Response.json(body, { status: 200, headers });
}

/**
 * next-auth, with sign-in throttling in front of the password sign-in: an account or client address
 * with too many recent failures is answered 429 before the password is even looked at.
 */
export async function POST(request: NextRequest, context: AuthRouteContext): Promise<Response> {
  const [action, provider] = (await context.params).nextauth;
  if (action === 'callback' && provider === 'credentials') {
    let refusal: Response | null;
    try {
      refusal = await throttleRefusal(request);
    } catch (error) {
      // Answered in the shape next-auth's signIn() reads, so the form says what happened instead of hanging.
      const failure = signInFailure(error);
      return signInAnswer(request, failure, failure === 'database-unavailable' ? 503 : 500, { 'Retry-After': '5' });
    }
    if (refusal) return refusal;
  }
  return nextAuth(request, context);
}

async function throttleRefusal(request: NextRequest): Promise<Response | null> {
  const email = await typedEmail(request);
  // Text the database cannot store is a failed sign-in like any other wrong email, before it reaches a query.
  if (!isStorableText(email)) return signInAnswer(request, 'CredentialsSignin', 401, {});
  const { db } = await database();
  const verdict = await signInThrottle(db, email, {
    address: requestAddress(request.headers),
    limits: settings().signInThrottle,
    now: new Date(),
  });
  if (!verdict.throttled) return null;
  return signInAnswer(request, throttledError(verdict.retryAfterSeconds), 429, { 'Retry-After': String(verdict.retryAfterSeconds) });
}

/** A refused sign-in in the shape next-auth's signIn() reads: it takes `error` from the URL and the status as is. */
function signInAnswer(request: NextRequest, error: string, status: number, headers: Record<string, string>): Response {
  const url = new URL('/login', publicOrigin(request));
  url.searchParams.set('error', error);
  return Response.json({ url: url.toString() }, { status, headers: { ...headers, 'Cache-Control': 'no-store' } });
}

/** The email in the sign-in form, read from a copy so next-auth still gets the body. */
async function typedEmail(request: NextRequest): Promise<string> {
  try {
    const text = await request.clone().text();
    if ((request.headers.get('content-type') ?? '').includes('application/json')) {
      const body = JSON.parse(text) as { email?: unknown };
      return typeof body?.email === 'string' ? body.email : '';
    }
    return new URLSearchParams(text).get('email') ?? '';
  } catch {
    return '';
  }
}
