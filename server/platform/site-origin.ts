import { settings, type Settings } from './settings';

/**
 * The site's own address, worked out in one place (docs/security.md, "The site's address").
 *
 * - The request's origin is the scheme, host and port the browser used: the Host header, over
 *   http unless the server itself speaks TLS. `X-Forwarded-Host` and `-Proto` say what a reverse
 *   proxy received, and are believed only when FRONTLINE_TRUSTED_PROXIES says a proxy is in front;
 *   otherwise any client could write them.
 * - The configured origin is NEXTAUTH_URL's, the address the site calls itself in links, emails
 *   and certificates. Without it (demo mode), the request's origin is used, so the site works at
 *   whatever address it was opened at.
 *
 * Next.js builds `request.url` from the address it listens on (localhost), not from the request,
 * so it must not be used for either.
 */

type HeaderSource = Pick<Request, 'headers' | 'url'>;

const first = (value: string | null) => value?.split(',')[0]?.trim() || null;

export function requestOrigin(request: HeaderSource, trustedProxies = settings().trustedProxies): string | null {
  const forwardedHost = trustedProxies > 0 ? first(request.headers.get('x-forwarded-host')) : null;
  const forwardedProto = trustedProxies > 0 ? first(request.headers.get('x-forwarded-proto')) : null;
  const host = forwardedHost ?? request.headers.get('host');
  if (!host) return null;
  const scheme = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : new URL(request.url).protocol.replace(':', '');
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/** What decides whether an address is the site's own: the proxies believed, and the configured address. */
type OriginSettings = Pick<Settings, 'trustedProxies' | 'siteOrigin'>;

/**
 * The address for links that leave the site (set-password links, certificates, xAPI statements):
 * the configured one; else the one the browser used for this request; else, with no request (a
 * script, a background send), the local address the server listens on.
 */
export function publicOrigin(request?: HeaderSource, { trustedProxies, siteOrigin, port }: OriginSettings & Pick<Settings, 'port'> = settings()): string {
  if (siteOrigin) return siteOrigin;
  if (!request) return `http://localhost:${port}`;
  return requestOrigin(request, trustedProxies) ?? new URL(request.url).origin;
}

/**
 * Whether an Origin header names this site: the address the request was made to (what the
 * browser used), or the configured one (which a TLS-terminating proxy's requests carry). Scheme,
 * host and port must all match: https://x is not http://x.
 */
export function isOwnOrigin(origin: string | null, request: HeaderSource, { trustedProxies, siteOrigin }: OriginSettings = settings()): boolean {
  if (!origin) return false;
  let normalised: string;
  try {
    normalised = new URL(origin).origin;
  } catch {
    return false;
  }
  return normalised === requestOrigin(request, trustedProxies) || normalised === siteOrigin;
}
