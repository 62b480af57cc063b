/** A `from` parameter is followed only to a path on this site, never to another origin. */
export function safeReturnPath(from: string | string[] | undefined): string {
  const value = Array.isArray(from) ? from[0] : from;
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}
