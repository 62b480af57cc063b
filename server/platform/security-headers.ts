/**
 * The security headers of every response. Pure and free of 'server-only' because both the proxy
 * (proxy.ts, once per request) and next.config.ts (at build time) import it.
 *
 * Who sets what: next.config.ts adds BASE_SECURITY_HEADERS to every response, and the
 * Content-Security-Policy to files under /_next/ (where the proxy does not run). The proxy sets the
 * Content-Security-Policy on everything else, so no response carries two policies.
 */

/** Headers that are the same on every response. */
export const BASE_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
];

/**
 * For browsers that predate frame-ancestors: every response but the LTI endpoints', whose pages an
 * LMS shows in its frame and whose own policy says who may (server/lti/pages.ts, decision 036).
 */
export const NO_FRAMES_HEADER = { key: 'X-Frame-Options', value: 'DENY' } as const;
export const FRAMEABLE_PATHS = '/api/lti/';

/**
 * Strict-Transport-Security, when the site is served over https (its configured address,
 * NEXTAUTH_URL, says so): a browser that has seen it never speaks plain http to the site again for
 * a year. Never on plain http, where it would be ignored at best and lock out a test site at worst.
 */
export function transportSecurityHeader(siteOrigin: string | null): string | null {
  return siteOrigin?.startsWith('https://') ? 'max-age=31536000; includeSubDomains' : null;
}

const serialize = (directives: Record<string, string[]>) =>
  Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');

/** A fresh, unguessable nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The policy of an HTML page. Scripts run only with this response's nonce (Next.js puts it on its
 * own scripts when it finds it in the request's policy); 'strict-dynamic' lets those load the
 * page's chunks. Styles keep 'unsafe-inline' for React's style attributes (score bars, countdown).
 * `next dev` needs 'unsafe-eval' for React's debugging aids; a production build never gets it.
 */
export function pagePolicy(nonce: string, { development = false }: { development?: boolean } = {}): string {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(nonce)) throw new Error('A nonce must be base64.');
  return serialize({
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  });
}

/** JSON from route handlers and redirects: nothing may load or run. */
export const LOCKED_DOWN_POLICY = serialize({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });

/**
 * The build's own files. A script's policy matters only when it runs as a Web Worker (the
 * studio's checker does): it may then load the app's other chunks, and nothing else.
 */
export const BUILD_FILES_POLICY = serialize({ 'default-src': ["'none'"], 'script-src': ["'self'"], 'frame-ancestors': ["'none'"] });

/** next-auth's own HTML pages (the sign-out confirmation, its error page): an inline <style>, a form, no scripts. */
export const AUTH_PAGES_POLICY = serialize({
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'form-action': ["'self'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
});

/**
 * What the proxy is looking at:
 * - `page`: a page that needs a session (a visitor without one is sent to sign in);
 * - `public-page`: a page anyone may open (sign-in, setting a password from a link);
 * - `api`, `auth-api`: route handlers, which answer 401 themselves;
 * - `lti-api`: the LTI endpoints, whose responses carry their own policy (server/lti/pages.ts);
 * - `file`: anything with a file extension (public/ files, metadata routes such as /icon.svg).
 *   These get a page's policy: a missing one is answered with the 404 page, which must still work.
 */
export type RequestKind = 'page' | 'public-page' | 'api' | 'auth-api' | 'lti-api' | 'file';

export function requestKind(pathname: string): RequestKind {
  if (pathname === '/api/auth' || pathname.startsWith('/api/auth/')) return 'auth-api';
  if (pathname.startsWith(FRAMEABLE_PATHS)) return 'lti-api';
  if (pathname === '/api' || pathname.startsWith('/api/')) return 'api';
  if (pathname.startsWith('/_next/')) return 'file';
  if (/\.[A-Za-z0-9]+$/.test(pathname.slice(pathname.lastIndexOf('/') + 1))) return 'file';
  if (pathname === '/login' || pathname.startsWith('/login/')) return 'public-page';
  if (/^\/set-password\/[^/]+\/?$/.test(pathname)) return 'public-page';
  if (/^\/reminders\/[^/]+\/?$/.test(pathname)) return 'public-page';
  return 'page';
}

/** The Content-Security-Policy for a request of this kind; pages need the request's nonce. */
export function policyFor(kind: RequestKind, nonce: string, options: { development?: boolean } = {}): string {
  switch (kind) {
    case 'page':
    case 'public-page':
    case 'file':
      return pagePolicy(nonce, options);
    case 'auth-api':
      return AUTH_PAGES_POLICY;
    case 'api':
    case 'lti-api':
      return LOCKED_DOWN_POLICY;
  }
}
