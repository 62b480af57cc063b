/**
 * Text the database can store and every later reader can show: no NUL character (PostgreSQL's
 * text type refuses it) and no half of a surrogate pair (not a character at all; it cannot be
 * encoded as UTF-8). Checked once at each boundary: request bodies, addresses and uploaded files.
 */

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isStorableText = (text: string) => !UNSTORABLE.test(text);

/** Where the first character that cannot be stored is (0-based), or -1. */
export const firstUnstorableIndex = (text: string) => UNSTORABLE.exec(text)?.index ?? -1;

/** Why a text cannot be stored, in words, or null. */
export function unstorableReason(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  return match[0] === '\u0000' ? `has a NUL character at position ${match.index + 1}` : `has half of a character (a lone surrogate) at position ${match.index + 1}`;
}

/**
 * The first string in a parsed JSON or form value, key or value, that cannot be stored, with its
 * path (`team`, `people.3.email`), or null.
 */
export function findUnstorableText(value: unknown, path: (string | number)[] = []): { path: string; reason: string } | null {
  if (typeof value === 'string') {
    const reason = unstorableReason(value);
    return reason ? { path: path.join('.') || 'body', reason } : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyReason = unstorableReason(key);
      if (keyReason) return { path: [...path, key].join('.'), reason: `its name ${keyReason}` };
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

const safeName = (name: string) => name.replace(/[\u0000\uD800-\uDFFF%]/g, '?').slice(0, 40);

/** The first part of an address (its path, or a query parameter by name) that cannot be stored, or null. */
export function findUnstorableInAddress(url: URL): { path: string; reason: string } | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { path: 'the address', reason: 'has a %-escape that is not UTF-8' };
  }
  const inPath = unstorableReason(pathname);
  if (inPath) return { path: 'the address', reason: inPath };
  // Read by hand: URLSearchParams quietly turns an escape that is not UTF-8 into U+FFFD.
  for (const pair of url.search.replace(/^\?/, '').split('&')) {
    if (!pair) continue;
    const [rawKey = '', ...rest] = pair.split('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rest.join('=').replace(/\+/g, ' '));
    } catch {
      return { path: `the query parameter "${safeName(rawKey)}"`, reason: 'has a %-escape that is not UTF-8' };
    }
    const reason = unstorableReason(key) ?? unstorableReason(value);
    if (reason) return { path: `the query parameter "${safeName(key)}"`, reason };
  }
  return null;
}
