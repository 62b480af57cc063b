import { describe, expect, it } from 'vitest';
import {
  AUTH_PAGES_POLICY,
  BASE_SECURITY_HEADERS,
  NO_FRAMES_HEADER,
  BUILD_FILES_POLICY,
  LOCKED_DOWN_POLICY,
  newNonce,
  pagePolicy,
  policyFor,
  requestKind,
  transportSecurityHeader,
} from './security-headers';

/** A policy as a map from directive to its sources. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(map.has(name), `${name} appears twice`).toBe(false);
    map.set(name, sources);
  }
  return map;
}

describe('newNonce', () => {
  it('is 128 random bits in base64, different every time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(atob(nonce)).toHaveLength(16);
    }
  });
});

describe('pagePolicy', () => {
  it('lets scripts run only with the nonce, and never evaluates strings in production', () => {
    const policy = directives(pagePolicy('abc123=='));
    expect(policy.get('script-src')).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'");
    expect(pagePolicy('abc123==')).not.toContain('unsafe-eval');
  });

  it('adds unsafe-eval only for next dev', () => {
    expect(directives(pagePolicy('abc', { development: true })).get('script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'", "'unsafe-eval'"]);
  });

  it('locks down framing, plugins, the base URL and form targets, and loads everything else from this site', () => {
    expect(Object.fromEntries(directives(pagePolicy('abc')))).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'", "'nonce-abc'", "'strict-dynamic'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'font-src': ["'self'"],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
  });

  it('refuses a nonce that could smuggle in another directive', () => {
    expect(() => pagePolicy("x'; script-src *")).toThrow('base64');
    expect(() => pagePolicy('')).toThrow('base64');
  });

  it('uses the nonce of the request it was built for', () => {
    const first = newNonce();
    const second = newNonce();
    expect(pagePolicy(first)).toContain(`'nonce-${first}'`);
    expect(pagePolicy(first)).not.toContain(second);
  });
});

describe('the fixed policies', () => {
  it('let nothing load or run in JSON, redirects and build files', () => {
    expect(Object.fromEntries(directives(LOCKED_DOWN_POLICY))).toEqual({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });
    // Build files: a worker started from one loads the app's other chunks, and nothing else.
    expect(Object.fromEntries(directives(BUILD_FILES_POLICY))).toEqual({ 'default-src': ["'none'"], 'script-src': ["'self'"], 'frame-ancestors': ["'none'"] });
  });

  it("allow next-auth's pages their inline style and form, and no script", () => {
    const policy = directives(AUTH_PAGES_POLICY);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('style-src')).toEqual(["'unsafe-inline'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.has('script-src')).toBe(false);
  });
});

describe('BASE_SECURITY_HEADERS', () => {
  it('forbid sniffing, framing, full referrers and device features, and carry no policy of their own', () => {
    const headers = Object.fromEntries(BASE_SECURITY_HEADERS.map(({ key, value }) => [key.toLowerCase(), value]));
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['permissions-policy']).toContain('camera=()');
    // Framing is refused by a rule of its own, which leaves out the LTI endpoints an LMS frames.
    expect(headers).not.toHaveProperty('x-frame-options');
    expect(NO_FRAMES_HEADER).toEqual({ key: 'X-Frame-Options', value: 'DENY' });
    // The proxy and the /_next/ rule each set the policy; a second one here would be combined with theirs.
    expect(headers).not.toHaveProperty('content-security-policy');
  });
});

describe('requestKind', () => {
  it.each([
    ['/', 'page'],
    ['/scenarios', 'page'],
    ['/scenarios/closing-well', 'page'],
    ['/play/00000000-0000-0000-0000-000000000000', 'page'],
    ['/settings', 'page'],
    ['/set-password', 'page'],
    ['/set-password/abc/extra', 'page'],
    ['/login', 'public-page'],
    ['/set-password/Zm9vYmFy-_x', 'public-page'],
    ['/api/attempts', 'api'],
    ['/api/health', 'api'],
    ['/api/auth/session', 'auth-api'],
    ['/api/lti/launch', 'lti-api'],
    ['/api/lti/jwks', 'lti-api'],
    ['/api/auth/signout', 'auth-api'],
    ['/apiary', 'page'],
    ['/icon.svg', 'file'],
    ['/scenario.schema.json', 'file'],
    ['/favicon.ico', 'file'],
    ['/_next/static/chunks/main.js', 'file'],
  ] as const)('%s is a %s', (pathname, kind) => {
    expect(requestKind(pathname)).toBe(kind);
  });
});

describe('policyFor', () => {
  it('gives pages and files the nonce policy, route handlers the locked-down ones', () => {
    expect(policyFor('page', 'n1')).toBe(pagePolicy('n1'));
    expect(policyFor('public-page', 'n1')).toBe(pagePolicy('n1'));
    expect(policyFor('file', 'n1')).toBe(pagePolicy('n1'));
    expect(policyFor('page', 'n1', { development: true })).toBe(pagePolicy('n1', { development: true }));
    expect(policyFor('api', 'n1')).toBe(LOCKED_DOWN_POLICY);
    expect(policyFor('auth-api', 'n1')).toBe(AUTH_PAGES_POLICY);
  });
});

describe('Strict-Transport-Security', () => {
  it('is sent when the site is served over https, and never over plain http', () => {
    expect(transportSecurityHeader('https://training.example.com')).toBe('max-age=31536000; includeSubDomains');
    expect(transportSecurityHeader('http://localhost:3000')).toBeNull();
    expect(transportSecurityHeader(null)).toBeNull();
  });
});
