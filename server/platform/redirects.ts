/** Stands in for the site's own origin: only whether a `from` stays on it matters here. */
const SITE = 'http://frontline.invalid';

/**
 * A `from` parameter is followed only to a path on this site, never to another origin. It is
 * resolved as a browser would resolve it (which drops tabs and line breaks and reads `\` as `/`),
 * accepted only if it stays on the same origin, and returned re-encoded, so what the browser is
 * sent is exactly what was checked.
 */
export function safeReturnPath(from: string | string[] | undefined): string {
  const value = Array.isArray(from) ? from[0] : from;
  if (!value || !value.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, SITE);
  } catch {
    return '/';
  }
  if (url.origin !== SITE) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" resolves to the path "//evil.example", which a browser reads as another host.
  return path.startsWith('//') ? '/' : path;
}
