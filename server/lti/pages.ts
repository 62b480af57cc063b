import 'server-only';
import { newNonce } from '../platform/security-headers';
import { HttpError } from '../platform/errors';

/**
 * The short HTML pages the LTI endpoints answer with (decision 036). An LMS shows them inside its
 * own page (a frame) as often as in a window, so, unlike the rest of Frontline, these responses may
 * be framed: by anyone for a refusal, which has nothing to click but a link home; by the platform
 * alone for the page that continues a launch. Each page carries its own Content-Security-Policy
 * (proxy.ts leaves /api/lti/ to them) and no X-Frame-Options (next.config.ts).
 */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface PageOptions {
  status: number;
  title: string;
  /** Paragraphs and controls, already HTML. */
  body: string;
  /** Who may show the page in a frame: the platform's origins, or anyone. */
  frameAncestors: readonly string[] | '*';
  /** Where the page's forms may post; this site only unless given. */
  formAction?: readonly string[];
  /** A script to run, with this response's nonce. */
  script?: string;
  headers?: Record<string, string>;
}

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:0;padding:2rem;color:#0f172a;background:#f8fafc;line-height:1.5}main{max-width:40rem}h1{font-size:1.5rem;margin:0 0 1rem}button{font:inherit;padding:.6rem 1.1rem;border-radius:.375rem;border:0;background:#1d4ed8;color:#fff;cursor:pointer}button:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}a{color:#1e40af}';

export function ltiPage(options: PageOptions): Response {
  const nonce = options.script ? newNonce() : null;
  const policy = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    nonce ? `script-src 'nonce-${nonce}'` : null,
    `form-action ${["'self'", ...(options.formAction ?? [])].join(' ')}`,
    "base-uri 'none'",
    `frame-ancestors ${options.frameAncestors === '*' ? '*' : options.frameAncestors.length ? options.frameAncestors.join(' ') : "'none'"}`,
  ]
    .filter(Boolean)
    .join('; ');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(options.title)} · Frontline</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(options.title)}</h1>${options.body}</main>${nonce ? `<script nonce="${nonce}">${options.script}</script>` : ''}</body></html>`;
  return new Response(html, {
    status: options.status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': policy, ...options.headers },
  });
}

/** A refused launch or login: the status, and in words what was wrong and what to do. */
export function refusalPage(error: HttpError, headers?: Record<string, string>): Response {
  return ltiPage({
    status: error.status,
    title: 'Frontline could not open this activity',
    body: `<p role="alert">${escapeHtml(error.message)}</p><p>Nothing was changed. <a href="/" target="_top">Go to Frontline</a></p>`,
    frameAncestors: '*',
    headers,
  });
}

/**
 * A launch shown in the LMS's frame: Frontline's session cookie cannot be set there (the frame is
 * another site's), so a button opens the launch in a window of its own with a one-time ticket.
 */
export function openInWindowPage(ticket: string, platformOrigins: readonly string[], headers?: Record<string, string>): Response {
  return ltiPage({
    status: 200,
    title: 'Frontline opens in its own window',
    body: `<p>Frontline keeps your training in a window of its own. The button opens it there; you can come back to this course afterwards.</p><form method="post" action="/api/lti/open" target="_blank"><input type="hidden" name="ticket" value="${escapeHtml(ticket)}"><button type="submit">Open Frontline</button></form><p>The button works once, for two minutes. After that, open the activity in the course again.</p>`,
    frameAncestors: platformOrigins,
    headers,
  });
}

/**
 * A form that posts itself to the platform (the deep linking response), with a button for a
 * browser that runs no script.
 */
export function autoPostPage(action: string, fields: Record<string, string>, title: string): Response {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return ltiPage({
    status: 200,
    title,
    body: `<form id="return" method="post" action="${escapeHtml(action)}">${inputs}<p>Returning to your course…</p><button type="submit">Return to the course</button></form>`,
    frameAncestors: [new URL(action).origin],
    formAction: [new URL(action).origin],
    script: "document.getElementById('return').submit();",
  });
}

// ---- Cookies, written and read by hand: these routes answer with plain Responses ----

export interface CookieOptions {
  maxAge: number;
  sameSite: 'lax' | 'none';
  secure: boolean;
}

export function setCookie(name: string, value: string, { maxAge, sameSite, secure }: CookieOptions): string {
  return [`${name}=${value}`, 'Path=/', `Max-Age=${maxAge}`, 'HttpOnly', `SameSite=${sameSite === 'none' ? 'None' : 'Lax'}`, secure ? 'Secure' : null].filter(Boolean).join('; ');
}

export function cookieValue(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}
