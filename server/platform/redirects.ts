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

export interface BackLink {
  href: string;
  /** What the link says after its arrow: the page it goes back to. */
  label: string;
}

/**
 * The pages a person's page may be reached from, and what to call each in a back link. A `from`
 * naming any other page, or another site, is ignored for the page's own default.
 */
const BACK_TO: readonly { path: RegExp; label: string }[] = [
  { path: /^\/hr$/, label: 'Training dashboard' },
  { path: /^\/hr\/people\/[0-9a-f-]{36}$/, label: 'Training record' },
  { path: /^\/modules\/[0-9a-f-]{36}$/, label: 'Module' },
  { path: /^\/admin\/users$/, label: 'People' },
  { path: /^\/admin\/users\/[0-9a-f-]{36}$/, label: 'Account' },
  { path: /^\/admin\/audit$/, label: 'Audit log' },
];

/**
 * Where a back link goes: the page in `from` with its query (its filters, sort and page), when
 * it is one of this site's lists a person's page is reached from; otherwise `fallback`. Only a
 * same-origin relative path passes (safeReturnPath), and only to those pages, so `from` can never
 * send anyone elsewhere (docs/decisions/040-hr-everyday.md).
 */
export function backLinkFrom(from: string | string[] | undefined, fallback: BackLink): BackLink {
  const path = safeReturnPath(from);
  if (path === '/') return fallback;
  const { pathname } = new URL(path, SITE);
  const place = BACK_TO.find((p) => p.path.test(pathname));
  return place ? { href: path, label: place.label } : fallback;
}
