/**
 * A link to `href` that remembers the page it was followed from (a path with its query), so the
 * page it opens can link back there; the receiving page checks `from` before using it.
 */
export function withReturn(href: string, from: string | null | undefined): string {
  if (!from) return href;
  const [path, hash = ''] = href.split('#', 2) as [string, string?];
  return `${path}${path.includes('?') ? '&' : '?'}from=${encodeURIComponent(from)}${hash ? `#${hash}` : ''}`;
}

/** The `from` of a page's query, as given (the page validates it with backLinkFrom before linking to it). */
export const fromParam = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
